import type { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group/index.js';
import { EcrLifecyclePolicy } from '@cdktn/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository/index.js';
import { EcsCluster } from '@cdktn/provider-aws/lib/ecs-cluster/index.js';
import { EcsService } from '@cdktn/provider-aws/lib/ecs-service/index.js';
import { EcsTaskDefinition } from '@cdktn/provider-aws/lib/ecs-task-definition/index.js';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy/index.js';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import type { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group/index.js';
import type { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Construct } from 'constructs';
import { secretEnvName } from '../naming.js';
import type { InfraService } from '../platform-config.js';
import { assumedBy, dependsOn, policy, serviceTags } from '../stack-context.js';
import type { PolicyStatement, StackContext } from '../stack-context.js';
import type { Cache } from './cache.js';
import { REDIS_PORT } from './cache.js';
import type { Database } from './database.js';
import { POSTGRES_PORT } from './database.js';
import type { EventBus } from './event-bus.js';
import { MSK_IAM_PORT } from './event-bus.js';
import { encryptedLogGroup, logGroupName } from './log-group.js';
import type { Network } from './network.js';

/** What the services connect to; each service gets only what it declares in `dependsOn`. */
export interface PlatformDependencies {
  readonly network: Network;
  readonly key: KmsKey;
  readonly database: Database;
  readonly cache: Cache;
  readonly bus: EventBus;
  /** Venue credential secrets by secret name; the broker reads them. */
  readonly venueSecrets: ReadonlyMap<string, SecretsmanagerSecret>;
  /** Image tag every service runs (the Terraform variable `image_tag`). */
  readonly imageTag: string;
}

/** How many tagged images each repository keeps; untagged layers go after a day. */
export const IMAGES_KEPT = 30;

/** Everything one service owns in an environment. */
export interface ServiceResources {
  readonly service: InfraService;
  readonly repository: EcrRepository;
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly securityGroup: SecurityGroup;
  readonly ecsService: EcsService;
}

/**
 * The ECS Fargate cluster and, per configured service, its ECR repository, log group, roles,
 * task definition, security group and ECS service. Least privilege: a service's execution role
 * pulls only its repository, writes only its log group and reads only the secrets its
 * dependencies need; its task role reaches the bus only if it declares `bus`; its security group
 * is the only way into the data stores it declares.
 */
export class ServiceCluster extends Construct {
  readonly cluster: EcsCluster;
  readonly services = new Map<string, ServiceResources>();

  constructor(
    scope: Construct,
    id: string,
    private readonly ctx: StackContext,
    private readonly deps: PlatformDependencies,
  ) {
    super(scope, id);
    this.cluster = new EcsCluster(this, 'cluster', {
      name: ctx.names.name('cluster'),
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
  }

  /** Adds a service; the gateway also joins the load balancer's target group. */
  addService(
    service: InfraService,
    targetGroup?: LbTargetGroup,
    loadBalancerSecurityGroupId?: string,
  ): ServiceResources {
    const { ctx, deps } = this;
    const scope = new Construct(this, service.name);
    const tags = serviceTags(service);
    const size = ctx.environment.serviceSizes[service.name];
    if (size === undefined)
      throw new Error(`environment "${ctx.environment.name}" has no size for service "${service.name}"`);

    const repository = new EcrRepository(scope, 'repository', {
      name: ctx.names.path(service.name),
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: deps.key.arn }],
      forceDelete: ctx.destroySafe,
      tags,
    });
    new EcrLifecyclePolicy(scope, 'repository-lifecycle', {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Drop untagged layers after a day',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${IMAGES_KEPT} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: IMAGES_KEPT },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    const logGroup = encryptedLogGroup(scope, 'logs', ctx, deps.key, logGroupName(ctx, 'services', service.name), tags);

    const secrets = this.secretsOf(service);
    const executionRole = new IamRole(scope, 'execution-role', {
      name: ctx.names.name([service.name, 'execution']),
      assumeRolePolicy: assumedBy('ecs-tasks.amazonaws.com'),
      tags,
    });
    new IamRolePolicy(scope, 'execution-policy', {
      role: executionRole.id,
      name: 'pull-image-write-logs-read-secrets',
      policy: policy(
        // GetAuthorizationToken has no resource to scope to; the pull itself is scoped below.
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        {
          Sid: 'PullOwnImage',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: repository.arn,
        },
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.arn}:*`,
        },
        ...(secrets.length === 0
          ? []
          : [
              {
                Sid: 'ReadOwnSecrets',
                Effect: 'Allow',
                Action: 'secretsmanager:GetSecretValue',
                Resource: secrets.map((s) => s.secret.arn),
              } satisfies PolicyStatement,
            ]),
        {
          Sid: 'DecryptWithEnvironmentKey',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: deps.key.arn,
        },
      ),
    });
    const taskRole = new IamRole(scope, 'task-role', {
      name: ctx.names.name([service.name, 'task']),
      assumeRolePolicy: assumedBy('ecs-tasks.amazonaws.com'),
      tags,
    });
    if (dependsOn(service, 'bus')) {
      new IamRolePolicy(scope, 'task-policy', {
        role: taskRole.id,
        name: 'use-platform-topics',
        policy: this.busPolicy(service),
      });
    }

    const container = {
      name: service.name,
      image: `${repository.repositoryUrl}:${deps.imageTag}`,
      essential: true,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: service.port, protocol: 'tcp' }],
      environment: this.environmentOf(service),
      secrets: secrets.map((s) => ({ name: s.variable, valueFrom: s.secret.arn })),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${service.port}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: 10,
        timeout: 3,
        retries: 3,
        startPeriod: 20,
      },
      mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': logGroup.name,
          'awslogs-region': ctx.region,
          'awslogs-stream-prefix': service.name,
        },
      },
    };
    const taskDefinition = new EcsTaskDefinition(scope, 'task', {
      family: ctx.names.name(service.name),
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(size.cpu),
      memory: String(size.memoryMiB),
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      volume: [{ name: 'tmp' }],
      containerDefinitions: JSON.stringify([container]),
      tags,
    });

    const securityGroup = this.securityGroupOf(scope, service, loadBalancerSecurityGroupId);
    const ecsService = new EcsService(scope, 'service', {
      name: service.name,
      cluster: this.cluster.arn,
      taskDefinition: taskDefinition.arn,
      desiredCount: size.replicas,
      launchType: 'FARGATE',
      networkConfiguration: {
        subnets: deps.network.privateSubnetIds,
        securityGroups: [securityGroup.id],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: size.replicas > 1 ? 50 : 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      healthCheckGracePeriodSeconds: targetGroup === undefined ? undefined : 30,
      loadBalancer:
        targetGroup === undefined
          ? undefined
          : [{ targetGroupArn: targetGroup.arn, containerName: service.name, containerPort: service.port }],
      tags,
    });

    const resources: ServiceResources = {
      service,
      repository,
      logGroup,
      executionRole,
      taskRole,
      taskDefinition,
      securityGroup,
      ecsService,
    };
    this.services.set(service.name, resources);
    return resources;
  }

  /** The secrets a service's container receives: its dependencies' URLs and, for the broker, venue credentials. */
  private secretsOf(service: InfraService): { variable: string; secret: SecretsmanagerSecret }[] {
    const { deps } = this;
    return [
      ...(dependsOn(service, 'database') ? [{ variable: 'DATABASE_URL', secret: deps.database.urlSecret }] : []),
      ...(dependsOn(service, 'cache') ? [{ variable: 'REDIS_URL', secret: deps.cache.urlSecret }] : []),
      ...(service.role === 'broker'
        ? [...deps.venueSecrets].map(([name, secret]) => ({ variable: secretEnvName(name), secret }))
        : []),
    ];
  }

  private environmentOf(service: InfraService): { name: string; value: string }[] {
    const { ctx, deps } = this;
    const variables: Record<string, string> = {
      PORT: String(service.port),
      PLATFORM_MODE: 'distributed',
      DEPLOY_ENVIRONMENT: ctx.environment.name,
      LOG_LEVEL: 'log',
    };
    if (dependsOn(service, 'bus')) {
      variables.KAFKA_BROKERS = deps.bus.bootstrapBrokers;
      // MSK accepts only IAM-authenticated TLS clients: the bus adapter signs with the task role.
      variables.KAFKA_SASL_MECHANISM = 'aws-msk-iam';
      variables.KAFKA_TLS = 'true';
      variables.KAFKA_TOPIC_PREFIX = ctx.platform.bus.topicPrefix;
      variables.AWS_REGION = ctx.region;
    }
    return Object.entries(variables).map(([name, value]) => ({ name, value }));
  }

  /** Topic and group permissions on the platform's topics only; admin actions are not granted. */
  private busPolicy(service: InfraService): string {
    const { bus } = this.deps;
    const prefix = this.ctx.platform.bus.topicPrefix;
    return policy(
      {
        Sid: 'ConnectToCluster',
        Effect: 'Allow',
        Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
        Resource: bus.clusterArn,
      },
      {
        Sid: 'UsePlatformTopics',
        Effect: 'Allow',
        Action: [
          'kafka-cluster:CreateTopic',
          'kafka-cluster:DescribeTopic',
          'kafka-cluster:ReadData',
          'kafka-cluster:WriteData',
        ],
        Resource: bus.resourceArn('topic', `${prefix}.`),
      },
      {
        Sid: 'UseOwnConsumerGroups',
        Effect: 'Allow',
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Resource: bus.resourceArn('group', `${prefix}.${service.name}`),
      },
    );
  }

  /** The service's security group, and the ingress rules it opens on the data stores it declares. */
  private securityGroupOf(
    scope: Construct,
    service: InfraService,
    loadBalancerSecurityGroupId?: string,
  ): SecurityGroup {
    const { ctx, deps } = this;
    const vpcCidr = ctx.environment.aws.vpcCidr;
    const group = new SecurityGroup(scope, 'sg', {
      name: ctx.names.name(['svc', service.name]),
      description: `${service.name}: inbound from the load balancer only (gateway), outbound to what it declares`,
      vpcId: deps.network.vpc.id,
      ingress:
        loadBalancerSecurityGroupId === undefined
          ? []
          : [
              {
                description: 'HTTP from the load balancer',
                protocol: 'tcp',
                fromPort: service.port,
                toPort: service.port,
                securityGroups: [loadBalancerSecurityGroupId],
              },
            ],
      egress: [
        {
          description: 'HTTPS to AWS endpoints and venue APIs (through NAT)',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ['0.0.0.0/0'],
        },
        ...(dependsOn(service, 'database')
          ? [
              {
                description: 'PostgreSQL',
                protocol: 'tcp',
                fromPort: POSTGRES_PORT,
                toPort: POSTGRES_PORT,
                cidrBlocks: [vpcCidr],
              },
            ]
          : []),
        ...(dependsOn(service, 'cache')
          ? [{ description: 'Redis', protocol: 'tcp', fromPort: REDIS_PORT, toPort: REDIS_PORT, cidrBlocks: [vpcCidr] }]
          : []),
        ...(dependsOn(service, 'bus')
          ? [
              {
                description: 'Kafka (IAM, TLS)',
                protocol: 'tcp',
                fromPort: MSK_IAM_PORT,
                toPort: MSK_IAM_PORT,
                cidrBlocks: [vpcCidr],
              },
            ]
          : []),
      ],
      tags: serviceTags(service),
    });
    const dataStores = [
      ['database', deps.database.securityGroup, POSTGRES_PORT],
      ['cache', deps.cache.securityGroup, REDIS_PORT],
      ['bus', deps.bus.securityGroup, MSK_IAM_PORT],
    ] as const;
    for (const [dependency, dataStoreGroup, port] of dataStores) {
      if (!dependsOn(service, dependency)) continue;
      new VpcSecurityGroupIngressRule(scope, `${dependency}-ingress`, {
        securityGroupId: dataStoreGroup.id,
        referencedSecurityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: `${dependency} from ${service.name}`,
        tags: serviceTags(service),
      });
    }
    return group;
  }
}
