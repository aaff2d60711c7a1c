// RFC 4180 CSV → rows of cells, for previewing an upload before it is sent (the server parses it again and is
// the judge). Each row keeps its 1-based line number; blank lines are skipped.
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, line = 1, rowLine = 1;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0].trim() !== '') rows.push({ line: rowLine, cells: row });
    row = []; cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}
