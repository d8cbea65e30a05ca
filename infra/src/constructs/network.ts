import { DataAwsAvailabilityZones } from '@cdktn/provider-aws/lib/data-aws-availability-zones/index.js';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group/index.js';
import { Eip } from '@cdktn/provider-aws/lib/eip/index.js';
import { FlowLog } from '@cdktn/provider-aws/lib/flow-log/index.js';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy/index.js';
import { InternetGateway } from '@cdktn/provider-aws/lib/internet-gateway/index.js';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { NatGateway } from '@cdktn/provider-aws/lib/nat-gateway/index.js';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association/index.js';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktn/provider-aws/lib/subnet/index.js';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint/index.js';
import { Vpc } from '@cdktn/provider-aws/lib/vpc/index.js';
import { Construct } from 'constructs';
import { Fn } from '../engine.js';
import { cidrSubnet } from '../naming.js';
import { assumedBy, policy } from '../stack-context.js';
import type { StackContext } from '../stack-context.js';
import { encryptedLogGroup, logGroupName } from './log-group.js';

/** Zone name suffixes considered, in order; regions lacking some letters simply skip them. */
export const ZONE_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/** AWS services the tasks reach through private endpoints instead of the NAT gateway. */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'secretsmanager', 'logs'] as const;

/**
 * The VPC of an environment, spread over the configured number of availability zones. Public
 * subnets hold only the load balancer and the NAT gateways; services and data stores live in
 * private subnets that reach AWS APIs through VPC endpoints and the internet (venues) through
 * NAT. Flow logs go to CloudWatch; the default security group allows nothing.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];

  constructor(scope: Construct, id: string, ctx: StackContext, key: KmsKey) {
    super(scope, id);
    const { aws } = ctx.environment;
    // An allowlist of zone names, so the set (and every subnet's zone) cannot shift when AWS adds a zone.
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'zone-name', values: ZONE_LETTERS.map((letter) => `${ctx.region}${letter}`) }],
    });

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: aws.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: ctx.names.name('vpc') },
    });
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, ingress: [], egress: [] });
    const internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id });

    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
      tags: { Name: ctx.names.name('public') },
    });
    const natGateways: NatGateway[] = [];
    for (let zone = 0; zone < aws.availabilityZones; zone++) {
      const zoneName = Fn.element(zones.names, zone);
      const publicSubnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zoneName,
        cidrBlock: cidrSubnet(aws.vpcCidr, 4, zone),
        // Only the load balancer (no public IPs of its own needed) and NAT (an Elastic IP) live here.
        mapPublicIpOnLaunch: false,
        tags: { Name: ctx.names.name(['public', String(zone)]), tier: 'public' },
      });
      new RouteTableAssociation(this, `public-${zone}-routes`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRoutes.id,
      });
      this.publicSubnets.push(publicSubnet);
      if (zone === 0 || aws.natGateways === 'per-zone') {
        const address = new Eip(this, `nat-${zone}-ip`, {
          domain: 'vpc',
          tags: { Name: ctx.names.name(['nat', String(zone)]) },
        });
        natGateways.push(
          new NatGateway(this, `nat-${zone}`, {
            allocationId: address.allocationId,
            subnetId: publicSubnet.id,
            tags: { Name: ctx.names.name(['nat', String(zone)]) },
            dependsOn: [internetGateway],
          }),
        );
      }
    }

    const privateRouteTables: RouteTable[] = [];
    for (let zone = 0; zone < aws.availabilityZones; zone++) {
      const nat = natGateways[Math.min(zone, natGateways.length - 1)];
      const routes = new RouteTable(this, `private-${zone}-routes-table`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat?.id }],
        tags: { Name: ctx.names.name(['private', String(zone)]) },
      });
      const privateSubnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: Fn.element(zones.names, zone),
        cidrBlock: cidrSubnet(aws.vpcCidr, 4, 8 + zone),
        mapPublicIpOnLaunch: false,
        tags: { Name: ctx.names.name(['private', String(zone)]), tier: 'private' },
      });
      new RouteTableAssociation(this, `private-${zone}-routes`, {
        subnetId: privateSubnet.id,
        routeTableId: routes.id,
      });
      this.privateSubnets.push(privateSubnet);
      privateRouteTables.push(routes);
    }

    new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${ctx.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((t) => t.id),
      tags: { Name: ctx.names.name(['endpoint', 's3']) },
    });
    const endpointSecurityGroup = new SecurityGroup(this, 'endpoints-sg', {
      name: ctx.names.name('endpoints'),
      description: 'HTTPS from inside the VPC to the AWS service endpoints',
      vpcId: this.vpc.id,
      ingress: [
        { description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [aws.vpcCidr] },
      ],
      egress: [],
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, `endpoint-${service.replace('.', '-')}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${ctx.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.privateSubnets.map((s) => s.id),
        securityGroupIds: [endpointSecurityGroup.id],
        tags: { Name: ctx.names.name(['endpoint', service]) },
      });
    }

    const flowLogs = encryptedLogGroup(this, 'flow-logs', ctx, key, logGroupName(ctx, 'vpc-flow-logs'));
    const flowLogRole = new IamRole(this, 'flow-logs-role', {
      name: ctx.names.name('vpc-flow-logs'),
      assumeRolePolicy: assumedBy('vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      role: flowLogRole.id,
      name: 'write-flow-logs',
      policy: policy({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [flowLogs.arn, `${flowLogs.arn}:*`],
      }),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: flowLogs.arn,
      iamRoleArn: flowLogRole.arn,
    });
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }

  get publicSubnetIds(): string[] {
    return this.publicSubnets.map((s) => s.id);
  }
}
