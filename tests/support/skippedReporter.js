/* global process, module */
/**
 * Jest reporter: after the run, lists every skipped test with the reason its title carries
 * (`[skipped: <reason>]`, see tests/support/skip.ts), grouped by reason, so a skip is never silent.
 * A skipped test without a reason is listed as such.
 */
class SkippedReporter {
  onRunComplete(_contexts, results) {
    const byReason = new Map();
    for (const file of results.testResults) {
      const relative = file.testFilePath.replace(`${process.cwd()}/`, '');
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'todo') continue;
        const titles = [...test.ancestorTitles, test.title];
        const tagged = titles.map((t) => /\[skipped: (.*)\]$/.exec(t)).find((m) => m);
        const reason = tagged ? tagged[1] : 'no reason given in the title';
        const entry = byReason.get(reason) ?? new Map();
        entry.set(relative, (entry.get(relative) ?? 0) + 1);
        byReason.set(reason, entry);
      }
    }
    if (byReason.size === 0) return;
    const total = [...byReason.values()].reduce(
      (n, files) => n + [...files.values()].reduce((a, b) => a + b, 0),
      0,
    );
    const lines = [`\nSkipped ${total} test${total === 1 ? '' : 's'}:`];
    for (const [reason, files] of byReason) {
      const list = [...files].map(([f, n]) => `${f} (${n})`).join(', ');
      lines.push(`  - ${reason}: ${list}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = SkippedReporter;
