// Reports the extension-host suites, which ran inside VS Code (see ../index.ts), one test each.
import { extensionHostResult } from './context';

const host = extensionHostResult();

describe('in the extension host', () => {
  it('ran at least one suite', () => {
    if (host.tests.length === 0) throw new Error('The extension host ran no test');
  });
  for (const test of host.tests) {
    it(test.title, () => {
      if (test.state === 'failed') throw new Error(`failed in the extension host:\n${test.error}`);
    });
  }
});
