/** A plain SVG bar chart of MiB/s per scenario, grouped as the table is: no dependency, no browser. */
export function renderChart(
  rows: ReadonlyArray<{ group: string; scenario: string; mibPerSecond: number }>,
  title = 'partpush upload throughput, MiB/s (grey: h2load, the raw-client ceiling, and the peers)',
): string {
  const barHeight = 18;
  const gap = 6;
  const labelWidth = 330;
  const chartWidth = 420;
  const max = Math.max(...rows.map((r) => r.mibPerSecond), 1);
  const escape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
  let y = 30;
  let lastGroup = '';
  const parts: string[] = [];
  for (const row of rows) {
    if (row.group !== lastGroup) {
      y += 8;
      parts.push(`<text x="4" y="${y + 12}" font-weight="bold">${escape(row.group)}</text>`);
      y += barHeight + gap;
      lastGroup = row.group;
    }
    const width = (row.mibPerSecond / max) * chartWidth;
    // Grey: what partpush is measured against (h2load, and the other clients in the round-trip group).
    const reference = /h2load|aws-cli|lib-storage|uploadFileInChunks/.test(row.scenario);
    parts.push(
      `<text x="14" y="${y + 13}">${escape(row.scenario)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${reference ? '#999' : '#3b7dd8'}"/>`,
      `<text x="${labelWidth + width + 4}" y="${y + 13}">${row.mibPerSecond.toFixed(0)}</text>`,
    );
    y += barHeight + gap;
  }
  const height = y + 10;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 60}" height="${height}" font-family="sans-serif" font-size="12">` +
    `<rect width="100%" height="100%" fill="white"/><text x="4" y="18" font-size="14" font-weight="bold">${escape(title)}</text>${parts.join('')}</svg>\n`
  );
}
