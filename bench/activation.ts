import Module from 'module';
import * as path from 'path';
import { parseLibraryFile } from '../src/core/library/load';
import { gunzipFile, ms, timeRuns } from './util';

/**
 * A stand-in for the `vscode` module: each name of the API the extension uses is a value that is a
 * function, a constructor and an object at once, so the real activate() runs against it. It measures
 * what activation costs, not what VS Code does.
 */
function vscodeStub(): Record<string, unknown> {
  const handler: ProxyHandler<() => unknown> = {
    get: (_target, property) => {
      if (property === 'then') return undefined;
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => 0;
      return stub;
    },
    apply: () => stub,
    construct: () => stub as object,
  };
  const stub: unknown = new Proxy(function () {}, handler);
  // esbuild copies the module's own names into its namespace object, so they must be real properties.
  const names = ['CodeAction', 'CodeActionKind', 'CompletionItem', 'CompletionItemKind', 'CompletionList', 'Diagnostic', 'DiagnosticSeverity',
    'Disposable', 'EventEmitter', 'Hover', 'Location', 'MarkdownString', 'Position', 'ProgressLocation', 'Range', 'StatusBarAlignment',
    'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'Uri', 'ViewColumn', 'WorkspaceEdit', 'commands', 'languages',
    'window', 'workspace', 'env', 'extensions', 'l10n'];
  return Object.fromEntries(names.map((name) => [name, stub]));
}

/** Activation: loading the bundle and running activate(), which must parse nothing. */
export async function benchActivation(aclGz: string): Promise<void> {
  const aclBytes = await gunzipFile(aclGz);
  console.log('## Extension activation (bundle load + activate(), vscode API stubbed)');
  const bundle = path.resolve(__dirname, 'extension.js');
  const original = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  const stub = vscodeStub();
  (Module as unknown as { _load: typeof original })._load = (request, ...rest) => (request === 'vscode' ? stub : original(request, ...rest));
  const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
  const context = { subscriptions: [] as Array<{ dispose(): unknown }>, extensionPath: path.resolve(__dirname, '..'), extensionUri: stub, storageUri: undefined, globalState: memento, workspaceState: memento };
  // activate() schedules the library scan for right after activation; against the stub it fails, which is no concern here.
  const ignoreStubFailures = () => undefined;
  process.on('unhandledRejection', ignoreStubFailures);
  try {
    const times = timeRuns(5, () => {
      delete require.cache[bundle];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is loaded afresh each run
      const extension = require(bundle) as { activate(context: unknown): void };
      extension.activate(context);
    });
    // deactivated, as VS Code does: nothing it deferred (the Zotero probe, the themes) runs on the stub later
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
    console.log(`load + activate: median ${ms(times[2])}, max ${ms(times[4])}`);
    const parse = timeRuns(1, () => parseLibraryFile(aclBytes, 'acl.bib'))[0];
    console.log(`baseline, parsing the ACL library on that path (what activation does not do): ${ms(parse)}; activation is ${(times[2] / parse).toFixed(3)}× of it`);
  } finally {
    (Module as unknown as { _load: typeof original })._load = original;
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.off('unhandledRejection', ignoreStubFailures);
  }
  console.log('');
}
