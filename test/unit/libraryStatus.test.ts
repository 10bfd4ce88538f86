import * as assert from 'assert';
import { libraryStatus } from '../../src/core/library/status';

describe('library status', () => {
  const none = { entries: 0, libraries: 0, problems: 0, errors: 0, notes: [], loading: [] };

  it('says there is no library rather than showing 0, and where libraries come from', () => {
    const status = libraryStatus(none);
    assert.strictEqual(status.text, '$(book) No library');
    assert.match(status.tooltip, /no library read yet/);
    assert.match(status.tooltip, /bibliography:/);
    assert.match(status.tooltip, /citemark\.bibliographies/);
  });

  it("without a library, says the active draft's own reference list is what its citations are checked against", () => {
    const status = libraryStatus({ ...none, draftReferences: 80 });
    assert.strictEqual(status.text, "$(book) 80 in the draft's list");
    assert.match(status.tooltip, /^Citemark: no library; the draft's author-date citations are checked against its own reference list \(80 references\)\. /);
    // a library read, or one being read, is what the status speaks of
    assert.strictEqual(libraryStatus({ ...none, entries: 5, libraries: 1, draftReferences: 80 }).text, '$(book) 5');
    assert.strictEqual(libraryStatus({ ...none, loading: ['parsing a.bib 10%'], draftReferences: 80 }).text, '$(book) $(sync~spin) parsing a.bib 10%');
  });

  it('counts entries with thousands separators, and problems', () => {
    const status = libraryStatus({ ...none, entries: 88536, libraries: 2, problems: 3 });
    assert.strictEqual(status.text, '$(book) 88,536 $(warning) 3');
    // an entry that could not be read is an error in the Problems panel: the same icon here
    assert.strictEqual(libraryStatus({ ...none, entries: 5, libraries: 1, problems: 3, errors: 1 }).text, '$(book) 5 $(error) 3');
    assert.strictEqual(status.tooltip, 'Citemark: 88536 entries in 2 libraries; 3 problem(s) — click to see them');
  });

  it('shows an empty library as 0 entries, and a library that could not be read by its problem', () => {
    assert.strictEqual(libraryStatus({ ...none, libraries: 1 }).text, '$(book) 0');
    assert.strictEqual(libraryStatus({ ...none, libraries: 1 }).tooltip, 'Citemark: 0 entries in 1 library');
    assert.strictEqual(libraryStatus({ ...none, problems: 1 }).text, '$(book) 0 $(warning) 1');
  });

  it('says what is loading, with how far, while the first library is read', () => {
    const status = libraryStatus({ ...none, loading: ['parsing acl.bib 40%', 'parsing b.bib 0%'] });
    // (not "No library" beside it: the user trial read that as a setup error)
    assert.strictEqual(status.text, '$(book) $(sync~spin) parsing acl.bib 40% (+1)');
    assert.match(status.tooltip, /^Citemark: reading the libraries…\n/);
    assert.match(status.tooltip, /\nparsing acl\.bib 40%\nparsing b\.bib 0%$/);
  });

  it('names a library shown as it last was, without the rest of its note', () => {
    const status = libraryStatus({ ...none, entries: 5, libraries: 1, notes: ['cut.bib ends inside an entry: showing its last version'] });
    assert.strictEqual(status.text, '$(book) 5 $(sync~spin) cut.bib ends inside an entry');
    assert.match(status.tooltip, /showing its last version$/);
  });

  it('says how many more libraries are shown as they last were, the tooltip naming each', () => {
    const status = libraryStatus({ ...none, entries: 5, libraries: 2, notes: ['cut.bib ends inside an entry: showing its last version', 'gone.bib has vanished: showing its last version until it is back'] });
    // (a second note used to be in the tooltip alone: a library gone for a moment went unsaid while another was being written)
    assert.strictEqual(status.text, '$(book) 5 $(sync~spin) cut.bib ends inside an entry (+1)');
    assert.match(status.tooltip, /\ngone\.bib has vanished: showing its last version until it is back$/);
  });
});
