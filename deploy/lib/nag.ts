import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
// cdk-nag's own rendering of a resource in IAM5 finding ids (not re-exported by the package).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * Runs the cdk-nag AwsSolutions pack over an app, its stages included; any unacknowledged
 * finding fails synthesis. Register it once, on the app.
 */
export function enableNagChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope));
}

/**
 * Acknowledges one AwsSolutions finding on a construct and everything under it.
 * `rule` is the id without the pack prefix, with the finding when the rule reports several
 * (`IAM5[Resource::*]`); `reason` says why the finding does not apply here.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/**
 * Acknowledges the IAM5 finding for one wildcard resource granted on purpose (objects of a
 * bucket, say), with the id rendered exactly as cdk-nag renders it. `resource` must only
 * reference the scope's own stack: cross-stack references are rewritten at synthesis.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const rendered = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledge(scope, `IAM5[Resource::${rendered}]`, reason);
}

/** Acknowledges IAM5 for wildcard actions a CDK grant adds (e.g. `s3:GetObject*`), one id each. */
export function acknowledgeWildcardActions(scope: IConstruct, actions: readonly string[], reason: string): void {
  for (const action of actions) acknowledge(scope, `IAM5[Action::${action}]`, reason);
}
