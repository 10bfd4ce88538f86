import { checkCommand } from './check';
import { extractCommand, linkCommand } from './link';
import { themesCommand } from './themes';
import { UsageError } from './io';

const HELP = `citemark — check citations in Markdown drafts against BibTeX / CSL libraries

Usage:
  citemark check [files or folders…] [--bib FILE]… [--format text|json|sarif] [--author-date auto|on|off]
  citemark themes [files…] [--codebook FILE] [--bib FILE]… [--format md|csv|json|synthesis-md|synthesis-html]
  citemark themes --codebook-from FILE.qdc [--codebook FILE] | --codebook-to FILE.qdc [--codebook FILE]
  citemark extract FILE [--format csl-json|bibtex] [-o OUT]
  citemark link FILE [--bib LIB] [-o OUT]

check   Reports citation keys missing from the libraries, author-date citations without a matching
        reference, and broken library entries. Libraries: every --bib FILE plus each draft's front
        matter \`bibliography:\` and inline \`references:\`; author-date citations are also checked
        against the draft's own reference list (--author-date auto: when the draft has a reference
        list or no [@key] citation). Exit 0: no problem; 1: problems found; 2: bad usage or
        unreadable input.
themes  Prints the synthesis matrix (sources × themes) of the drafts' theme tags, or the synthesis
        table (each passage quoted under its source and theme). With --codebook-from,
        turns a REFI-QDA codebook (.qdc from NVivo, ATLAS.ti, MAXQDA, QualCoder…) into themes.yaml,
        or into themes.imported.yaml beside an existing one; with --codebook-to, writes the codebook
        as .qdc.
extract Writes the manuscript's own reference list as a library (CSL-JSON or BibTeX); items it
        cannot read are listed on stderr with their line. Exit 1 when some were not read.
link    Rewrites the manuscript's author-date citations as Pandoc citations ([@key]) to LIB; without
        --bib, to the libraries its front matter names, else to NAME-references.json beside it
        (extracted before, with your corrections), else to its own reference list, extracted there;
        adds \`bibliography:\` to its front matter. Citations without one matching reference stay
        as text and are listed on stderr. Exit 1 when some are left.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command ? 0 : 2;
  }
  if (command === 'check') return checkCommand(rest, out);
  if (command === 'themes') return themesCommand(rest, out);
  if (command === 'extract') return extractCommand(rest, out);
  if (command === 'link') return linkCommand(rest, out);
  throw new UsageError(`unknown command '${command}'. Run 'citemark --help'.`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Usage and input errors get one clear line; anything else is a bug, still without a stack trace unless asked.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`citemark: ${message}\n`);
    if (process.env.CITEMARK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
