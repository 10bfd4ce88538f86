import * as assert from 'assert';
import { readFileSync, existsSync } from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('extension manifest', () => {
  const settings = Object.entries(manifest.contributes.configuration.properties) as Array<[string, { default?: unknown; description?: string; markdownDescription?: string }]>;

  it('gives every setting a description and a default, and documents it in the README table', () => {
    for (const [name, setting] of settings) {
      assert.ok((setting.description ?? setting.markdownDescription ?? '').length > 20, `${name} has no description`);
      assert.ok('default' in setting, `${name} has no default`);
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      assert.ok(row, `README has no row for ${name}`);
      assert.ok(row.includes(`\`${JSON.stringify(setting.default)}\``), `README row of ${name} does not give its default ${JSON.stringify(setting.default)}`);
    }
  });

  it('declares the settings that name files to read restricted in untrusted workspaces, and the README says so', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const restrictedLines = readme.split('\n').filter((line) => line.includes('Restricted Mode'));
    for (const name of ['citemark.bibliographies', 'citemark.themes.codebook', 'citemark.style']) {
      assert.ok(restricted.includes(name), `${name} is not in restrictedConfigurations`);
      assert.ok(restrictedLines.some((line) => line.includes(`\`${name}\``)), `the README does not say what Restricted Mode does to ${name}`);
    }
  });

  it('points at files that exist: grammar, walkthrough media, icons', () => {
    const files = [
      ...manifest.contributes.grammars.map((grammar: { path: string }) => grammar.path),
      ...manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: Array<{ media: { markdown?: string } }> }) => walkthrough.steps.map((step) => step.media.markdown)),
      ...(manifest.contributes.viewsContainers?.activitybar ?? []).map((container: { icon: string }) => container.icon),
    ];
    for (const file of files) assert.ok(existsSync(path.join(root, file)), `${file} is missing`);
  });

  it('declares a title for each command and activates on every draft language', () => {
    for (const command of manifest.contributes.commands) assert.ok(command.title && command.category === 'Citemark', command.command);
    for (const language of ['markdown', 'quarto', 'rmd']) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    // Without the R or Quarto extension VS Code opens .Rmd and .qmd files as Plain Text: no language activates Citemark then.
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.{qmd,Rmd,rmd}'));
  });
});
