import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key/index.js';
import { LbListener } from '@cdktn/provider-aws/lib/lb-listener/index.js';
import { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group/index.js';
import { Lb } from '@cdktn/provider-aws/lib/lb/index.js';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group/index.js';
import { Wafv2WebAclAssociation } from '@cdktn/provider-aws/lib/wafv2-web-acl-association/index.js';
import { Wafv2WebAclLoggingConfiguration } from '@cdktn/provider-aws/lib/wafv2-web-acl-logging-configuration/index.js';
import { Wafv2WebAcl } from '@cdktn/provider-aws/lib/wafv2-web-acl/index.js';
import { Construct } from 'constructs';
import type { InfraService } from '../platform-config.js';
import { serviceTags } from '../stack-context.js';
import type { StackContext } from '../stack-context.js';
import { encryptedLogGroup } from './log-group.js';
import type { Network } from './network.js';

/** TLS 1.3 with TLS 1.2 fallback: AWS's recommended policy for new listeners. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * AWS managed rule groups in front of the gateway: common web exploits, known bad inputs
 * (Log4Shell) and anonymizers (Tor, VPNs). Requests from hosting providers are only counted:
 * trading bots legitimately run in clouds.
 */
export const WAF_MANAGED_RULES: readonly { readonly name: string; readonly countOnly?: readonly string[] }[] = [
  { name: 'AWSManagedRulesCommonRuleSet' },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
  { name: 'AWSManagedRulesAnonymousIpList', countOnly: ['HostingProviderIPList'] },
];

/**
 * The public entry point: an Application Load Balancer in the public subnets in front of the
 * gateway only, HTTPS with the given certificate, plain HTTP answered with a redirect, invalid
 * headers dropped, AWS WAF managed rules in front, health checks on the gateway's `/health`.
 */
export class LoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  readonly targetGroup: LbTargetGroup;

  constructor(
    scope: Construct,
    id: string,
    ctx: StackContext,
    network: Network,
    key: KmsKey,
    gateway: InfraService,
    certificateArn: string,
  ) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: ctx.names.name('alb'),
      description: 'Public HTTPS (and HTTP, redirected) into the gateway',
      vpcId: network.vpc.id,
      ingress: [
        { description: 'HTTPS from anywhere', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
        {
          description: 'HTTP, redirected to HTTPS',
          protocol: 'tcp',
          fromPort: 80,
          toPort: 80,
          cidrBlocks: ['0.0.0.0/0'],
        },
      ],
      egress: [
        {
          description: 'To the gateway tasks',
          protocol: 'tcp',
          fromPort: gateway.port,
          toPort: gateway.port,
          cidrBlocks: [ctx.environment.aws.vpcCidr],
        },
      ],
    });
    this.loadBalancer = new Lb(this, 'alb', {
      name: ctx.names.name('alb', 32),
      loadBalancerType: 'application',
      internal: false,
      subnets: network.publicSubnetIds,
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: ctx.environment.kind === 'production',
    });
    this.targetGroup = new LbTargetGroup(this, 'gateway', {
      name: ctx.names.name(gateway.name, 32),
      port: gateway.port,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: network.vpc.id,
      deregistrationDelay: ctx.destroySafe ? '5' : '30',
      healthCheck: {
        path: '/health',
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: serviceTags(gateway),
    });
    new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', statusCode: 'HTTP_301' } }],
    });

    const webAcl = new Wafv2WebAcl(this, 'waf', {
      name: ctx.names.name('waf'),
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: WAF_MANAGED_RULES.map((ruleGroup, priority) => ({
        name: ruleGroup.name,
        priority,
        overrideAction: { none: {} },
        // The provider passes `statement` through untyped: it must be written in Terraform's snake_case.
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS',
            name: ruleGroup.name,
            ...(ruleGroup.countOnly === undefined
              ? {}
              : { rule_action_override: ruleGroup.countOnly.map((name) => ({ name, action_to_use: { count: {} } })) }),
          },
        },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: ruleGroup.name, sampledRequestsEnabled: true },
      })),
      visibilityConfig: {
        cloudwatchMetricsEnabled: true,
        metricName: ctx.names.name('waf'),
        sampledRequestsEnabled: true,
      },
    });
    new Wafv2WebAclAssociation(this, 'waf-association', {
      resourceArn: this.loadBalancer.arn,
      webAclArn: webAcl.arn,
    });
    // WAF only logs to groups whose name starts with "aws-waf-logs-".
    const wafLogs = encryptedLogGroup(this, 'waf-logs', ctx, key, `aws-waf-logs-${ctx.names.prefix}`);
    new Wafv2WebAclLoggingConfiguration(this, 'waf-logging', {
      resourceArn: webAcl.arn,
      logDestinationConfigs: [wafLogs.arn],
    });
  }
}
