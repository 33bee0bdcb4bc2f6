import { App, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { readConfig } from '../lib/config';
import { buildEstate, prodMinimal, prodWithDomain, synthesize } from './estate';

describe('cdk-nag AwsSolutions', () => {
  // synthesize() registers the AwsSolutions pack and app.synth() throws on any unacknowledged finding.
  it.each([
    ['dev', { env: 'dev' }],
    ['prod', prodMinimal],
    ['prod with a domain and geo restriction', prodWithDomain],
    ['dev without CloudTrail', { env: 'dev', cloudTrail: 'false' }],
  ])('finds nothing unacknowledged in %s', (_, context) => {
    expect(() => synthesize(context)).not.toThrow();
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, stacks } = buildEstate(prodWithDomain);
    new sqs.Queue(stacks.messaging, 'Unguarded');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });

  it('gives every acknowledgement a specific reason', () => {
    const { app } = synthesize(prodWithDomain);
    const reasons = app.node
      .findAll()
      .flatMap((node) => node.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(10);
    for (const [rule, reason] of reasons) {
      expect({ rule, reason: reason.length >= 40 }).toEqual({ rule, reason: true });
    }
  });
});

describe('context', () => {
  const base = { env: 'dev', project: 'gomart', region: 'ap-southeast-2', vpcCidr: '10.40.0.0/16', mailFrom: 'a@b.co' };
  const read = (context: Record<string, string>) => readConfig(new App({ context }).node);

  it('derives every name from project and env', () => {
    const config = read({ ...base, ...prodMinimal, project: 'shop' });
    expect(config).toMatchObject({
      prefix: 'shop-prod',
      tablePrefix: 'shop-prod-',
      namespaceName: 'shop-prod.internal',
      availabilityZones: ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
    });
  });

  it.each([
    ['env', { env: 'staging' }, /"env": must be "dev" or "prod"/],
    ['mailFrom', { mailFrom: '' }, /"mailFrom": is required/],
    ['domain without zone', { domain: 'shop.example.com' }, /"hostedZoneId": is required/],
    [
      'domain outside zone',
      { domain: 'shop.other.com', hostedZoneId: 'Z1', hostedZoneName: 'example.com' },
      /must be example.com or a name under it/,
    ],
    ['zones from another region', { availabilityZones: 'us-east-1a,us-east-1b' }, /"availabilityZones"/],
    ['CIDR too small', { vpcCidr: '10.0.0.0/24' }, /"vpcCidr"/],
  ])('rejects a bad %s', (_, override, message) => {
    expect(() => read({ ...base, ...override })).toThrow(message);
  });
});
