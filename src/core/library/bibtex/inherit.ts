// crossref and xdata: a child takes the fields it does not have from its parents, as biber does.
import type { LibraryProblem } from '../../types';
import type { BibtexEntry } from './entry';

/** Fields a child never takes from its crossref/xdata parent (as biber does). */
const NOT_INHERITED = new Set([
  'crossref', 'xref', 'xdata', 'ids', 'entryset', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);

/** Merges crossref and xdata parents into their children (own fields win), guarding against cycles. */
export function inherit(entries: BibtexEntry[], allByKey: Map<string, BibtexEntry>, problems: LibraryProblem[], source: string): void {
  let byOtherName: Map<string, BibtexEntry> | undefined; // biblatex `ids` aliases, and keys in lower case
  const find = (key: string) => {
    const entry = allByKey.get(key);
    if (entry || byOtherName) return entry ?? byOtherName?.get(key) ?? byOtherName?.get(key.toLowerCase());
    byOtherName = new Map();
    for (const other of allByKey.values()) {
      for (const alias of (other.fields.ids ?? '').split(',')) if (alias.trim()) byOtherName.set(alias.trim(), other);
      if (!byOtherName.has(other.key.toLowerCase())) byOtherName.set(other.key.toLowerCase(), other);
    }
    return byOtherName.get(key) ?? byOtherName.get(key.toLowerCase());
  };
  const resolved = new Set<BibtexEntry>();
  const parentKeys = (entry: BibtexEntry) => {
    const keys = (entry.fields.xdata ?? '').split(',').map((key) => key.trim()).filter((key) => key !== '');
    if (entry.fields.crossref !== undefined) keys.push(entry.fields.crossref.trim());
    return keys;
  };
  const merge = (entry: BibtexEntry, parent: BibtexEntry) => {
    for (const field in parent.fields) {
      if (!Object.hasOwn(entry.fields, field) && !NOT_INHERITED.has(field)) entry.fields[field] = parent.fields[field];
    }
    // biblatex: the parent's title is the child's booktitle (an @incollection in a @book)
    if (parent.fields.title !== undefined && entry.fields.booktitle === undefined && entry.type.startsWith('in')) {
      entry.fields.booktitle = parent.fields.title;
    }
  };

  // Depth first with an explicit stack (a crossref chain may be thousands deep): a parent is resolved
  // before its fields are merged into the child.
  const resolve = (start: BibtexEntry): void => {
    if (resolved.has(start)) return;
    const stack = [{ entry: start, parents: parentKeys(start), next: 0, waiting: undefined as BibtexEntry | undefined }];
    const onChain = new Set([start]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.waiting) {
        merge(frame.entry, frame.waiting);
        frame.waiting = undefined;
      }
      if (frame.next === frame.parents.length) {
        stack.pop();
        onChain.delete(frame.entry);
        resolved.add(frame.entry);
        continue;
      }
      const entry = frame.entry;
      const parentKey = frame.parents[frame.next++];
      const parent = find(parentKey);
      if (!parent) {
        problems.push({
          source, line: entry.startLine, key: entry.key, severity: 'warning',
          message: `Entry '${entry.key}' refers to '${parentKey}' (crossref/xdata), which is not in this file`,
        });
      } else if (onChain.has(parent)) {
        const chain = stack.map((f) => f.entry);
        const cycle = [...chain.slice(chain.indexOf(parent)), parent].map((e) => e.key).join(' -> ');
        problems.push({
          source, line: entry.startLine, key: entry.key, severity: 'warning',
          message: `Cyclic crossref/xdata: ${cycle}; '${entry.key}' does not inherit from '${parent.key}'`,
        });
      } else if (resolved.has(parent)) {
        merge(entry, parent);
      } else {
        frame.waiting = parent;
        stack.push({ entry: parent, parents: parentKeys(parent), next: 0, waiting: undefined });
        onChain.add(parent);
      }
    }
  };

  for (const entry of entries) {
    if (entry.fields.crossref !== undefined || entry.fields.xdata !== undefined) resolve(entry);
  }
}
