/**
 * The rotation function (Node.js, AWS SDK v3 as the Lambda runtime ships it), inline so the
 * estate needs no bundling step. One step per call, chosen by the state machine:
 * - `stage`: a new token as the secret's AWSPENDING version (a pending token left by a failed
 *   run is reused), added to Redis beside the current one (ROTATE);
 * - `promote`: AWSPENDING becomes AWSCURRENT, which tasks read when they start;
 * - `set`: Redis keeps only the current token (SET).
 * It returns only the step's name: the token never leaves the function.
 */
export const ROTATOR_CODE = `
const sm = require('@aws-sdk/client-secrets-manager');
const ec = require('@aws-sdk/client-elasticache');
const secrets = new sm.SecretsManagerClient({});
const elasticache = new ec.ElastiCacheClient({});
const SecretId = process.env.SECRET_ID;
const ReplicationGroupId = process.env.REPLICATION_GROUP_ID;

async function versions() {
  const { VersionIdsToStages = {} } = await secrets.send(new sm.DescribeSecretCommand({ SecretId }));
  const find = (stage) => Object.keys(VersionIdsToStages).find((id) => VersionIdsToStages[id].includes(stage));
  return { current: find('AWSCURRENT'), pending: find('AWSPENDING') };
}

async function token(VersionStage) {
  const { SecretString } = await secrets.send(new sm.GetSecretValueCommand({ SecretId, VersionStage }));
  return JSON.parse(SecretString).authToken;
}

async function modify(AuthToken, AuthTokenUpdateStrategy) {
  await elasticache.send(
    new ec.ModifyReplicationGroupCommand({ ReplicationGroupId, AuthToken, AuthTokenUpdateStrategy, ApplyImmediately: true }),
  );
}

async function stage() {
  const { pending } = await versions();
  if (!pending) {
    const { RandomPassword } = await secrets.send(
      new sm.GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }),
    );
    await secrets.send(
      new sm.PutSecretValueCommand({
        SecretId,
        SecretString: JSON.stringify({ authToken: RandomPassword }),
        VersionStages: ['AWSPENDING'],
      }),
    );
  }
  await modify(await token('AWSPENDING'), 'ROTATE');
}

async function promote() {
  const { current, pending } = await versions();
  if (!pending) throw new Error('No AWSPENDING token to promote: run the rotation from the start');
  if (pending !== current) {
    await secrets.send(
      new sm.UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: pending, RemoveFromVersionId: current }),
    );
  }
  await secrets.send(new sm.UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: pending }));
}

const steps = { stage, promote, set: async () => modify(await token('AWSCURRENT'), 'SET') };

exports.handler = async (event) => {
  const run = steps[event.step];
  if (!run) throw new Error('Unknown step: ' + event.step);
  await run();
  return { step: event.step };
};
`;
