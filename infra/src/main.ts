// `cdktn synth` runs this file (see cdktf.json). EPHEMERAL_ENV=pr-123 adds that ephemeral stack.
import { App } from './engine.js';
import { platform } from './generated/platform.js';
import { InvalidEnvironmentNameError, addPlatformStacks } from './infra-app.js';

const app = new App();
let stacks: string[] = [];
try {
  stacks = addPlatformStacks(app, platform, {
    ephemeral: process.env.EPHEMERAL_ENV || undefined,
    env: process.env,
  }).map((stack) => stack.node.id);
} catch (error) {
  if (!(error instanceof InvalidEnvironmentNameError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
app.synth();
process.stdout.write(`Synthesized state-bootstrap, ${stacks.join(', ')} into ${app.outdir}/stacks\n`);
