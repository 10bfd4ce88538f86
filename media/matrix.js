// Synthesis matrix webview: sorting, filtering and the passage list. The page (matrixHtml.ts) holds
// the table and the matrix as JSON; everything built here uses textContent, never innerHTML.
// Messages to the extension: { type: 'open', passage: index } and { type: 'export', format } with a format of EXPORT_FORMATS (matrixHtml.ts).
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const matrix = JSON.parse(document.getElementById('matrix-data').textContent);
  const tbody = document.querySelector('#matrix tbody');
  const filter = document.getElementById('filter');
  const themeFilter = document.getElementById('theme-filter');
  const passagesSection = document.getElementById('passages');
  const passagesTitle = document.getElementById('passages-title');
  const passageList = document.getElementById('passage-list');
  const headers = Array.from(document.querySelectorAll('#matrix thead th[data-sort]'));
  let sortKey = 'label';
  let descending = false;

  function sortValue(rowIndex) {
    const row = matrix.rows[rowIndex];
    if (sortKey === 'label') return row.label.toLowerCase();
    if (sortKey === 'total') return row.total;
    const cell = row.cells[Number(sortKey)];
    return cell.passages.length + (cell.direct ? 0.5 : 0);
  }

  function sortRows() {
    const rows = Array.from(tbody.rows);
    rows.sort((a, b) => {
      const x = sortValue(Number(a.dataset.row));
      const y = sortValue(Number(b.dataset.row));
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return descending ? -order : order;
    });
    rows.forEach((row) => tbody.appendChild(row));
    for (const header of headers) {
      header.setAttribute('aria-sort', header.dataset.sort === sortKey ? (descending ? 'descending' : 'ascending') : 'none');
    }
  }

  function applyFilters() {
    const words = filter.value.trim().toLowerCase();
    const column = themeFilter.value === '' ? -1 : Number(themeFilter.value);
    for (const element of tbody.rows) {
      const row = matrix.rows[Number(element.dataset.row)];
      const matchesText = !words || row.label.toLowerCase().includes(words) || row.key.toLowerCase().includes(words);
      const matchesTheme = column === -1 || row.cells[column].passages.length > 0 || row.cells[column].direct;
      element.hidden = !(matchesText && matchesTheme);
    }
    vscode.setState({ filter: filter.value, theme: themeFilter.value, sortKey, descending });
  }

  function showPassages(rowIndex, column) {
    const row = matrix.rows[rowIndex];
    const theme = matrix.themes[column];
    passagesTitle.textContent = row.label + ' \u00d7 ' + theme.label;
    passageList.replaceChildren();
    for (const index of row.cells[column].passages) {
      const passage = matrix.passages[index];
      const item = document.createElement('li');
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'passage';
      link.dataset.passage = String(index);
      link.textContent = passage.path + ':' + (passage.line + 1);
      const preview = document.createElement('span');
      preview.textContent = passage.preview;
      item.append(link, ' ', preview);
      passageList.appendChild(item);
    }
    passagesSection.hidden = false;
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const header = target.closest('th[data-sort]');
    if (header) {
      descending = header.dataset.sort === sortKey ? !descending : header.dataset.sort !== 'label';
      sortKey = header.dataset.sort;
      sortRows();
      applyFilters();
      return;
    }
    const count = target.closest('button.count');
    if (count) return showPassages(Number(count.dataset.row), Number(count.dataset.column));
    const passage = target.closest('button.passage');
    if (passage) return vscode.postMessage({ type: 'open', passage: Number(passage.dataset.passage) });
    const exportButton = target.closest('button.export');
    if (exportButton) vscode.postMessage({ type: 'export', format: exportButton.dataset.format });
  });
  filter.addEventListener('input', applyFilters);
  themeFilter.addEventListener('change', applyFilters);

  const state = vscode.getState();
  if (state) {
    filter.value = state.filter || '';
    themeFilter.value = state.theme || '';
    sortKey = state.sortKey || 'label';
    descending = Boolean(state.descending);
    sortRows();
  }
  applyFilters();
})();
