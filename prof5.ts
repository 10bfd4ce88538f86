import { readFileSync } from 'fs';
import { parseLibraryFile } from './src/core/library/load';
import { encodeLibraryCache, signatureOf } from './src/core/library/cache';
import { keyedEntries } from './src/core/library/libraryIndex';
import { CitationSearch } from './src/core/search/search';
const cpu = () => process.cpuUsage().user / 1000;
const t = (name: string, f: () => any) => { const c = cpu(); const r = f(); console.log(name, Math.round(cpu() - c), 'ms cpu'); return r; };
const bytes = readFileSync('/tmp/s4w16runs/acl.bib');
const parsed = t('parse', () => parseLibraryFile(bytes, '/x/acl.bib'));
const sig = signatureOf(bytes, 0);
for (let i = 0; i < 2; i++) {
  const search = t('search', () => new CitationSearch(keyedEntries(parsed.entries).unique));
  t('encode lib', () => encodeLibraryCache(parsed, sig));
  t('encode lib+search', () => encodeLibraryCache(parsed, sig, search));
}
