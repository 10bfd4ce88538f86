import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LibraryIndex } from '../core/library/libraryIndex';
import type { CheckReport } from './check';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const RULES: Record<string, string> = {
  'missing-key': 'Citation key not found in any library',
  'missing-library': 'Bibliography file named in front matter cannot be read',
  'front-matter': 'Invalid YAML front matter',
  'citation-form': 'Citation that Pandoc reads otherwise than meant',
  'no-bibliography': 'Draft that names no bibliography',
  unmatched: 'Author-date citation without a matching reference',
  ambiguous: 'Author-date citation matching several references',
  uncited: 'Reference never cited',
  inconsistent: 'Author-date citation inconsistent with its reference',
  library: 'Broken or suspicious library entry',
};

/** SARIF 2.1.0 log of a check report, for code-scanning upload. Columns are 1-based UTF-16 units. */
export function toSarif(report: CheckReport, index: LibraryIndex): object {
  const uri = (file: string) => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/') || pathToFileURL(file).href;
  const results = [
    ...report.files.flatMap((file) =>
      file.diagnostics.map((d) => ({
        ruleId: d.code,
        level: LEVEL[d.severity] ?? 'warning',
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(file.path) }, region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn } } }],
      })),
    ),
    ...index.paths().flatMap((source) =>
      index.get(source)!.problems.map((problem) => ({
        ruleId: 'library',
        level: LEVEL[problem.severity],
        message: { text: problem.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(source) }, region: { startLine: problem.line + 1 } } }],
      })),
    ),
  ];
  const usedRules = [...new Set(results.map((result) => result.ruleId))];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'citemark', version: '0.1.0', rules: usedRules.map((id) => ({ id, shortDescription: { text: RULES[id] ?? id } })) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
