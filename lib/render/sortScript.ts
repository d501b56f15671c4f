/**
 * The overview table's sorting, run in the reader's browser: it turns each column heading into a button
 * (so it works from the keyboard), sorts the rows by each cell's `data-sort`, sets `aria-sort` and says what
 * it did in a live region. Without it (script off, printed) the table is in country order and complete.
 * The page's Content-Security-Policy admits this script by its hash, nothing else.
 */
export const SORT_SCRIPT = `(() => {
  const table = document.getElementById('overview');
  const status = document.getElementById('sort-status');
  if (!table || !status) return;
  const heads = [...table.tHead.rows[0].cells];
  const body = table.tBodies[0];
  heads.forEach((th, col) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const h of heads) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = th.dataset.type === 'number';
      const key = (row) => row.cells[col].dataset.sort ?? row.cells[col].textContent;
      const value = (row) => (key(row) === '' ? Number.NEGATIVE_INFINITY : Number(key(row)));
      const rows = [...body.rows].sort((a, b) => {
        const d = numeric ? value(a) - value(b) || 0 : key(a).localeCompare(key(b));
        return (ascending ? d : -d) || Number(a.dataset.order) - Number(b.dataset.order);
      });
      for (const row of rows) body.appendChild(row);
      status.textContent = 'Sorted by ' + button.textContent + ', ' + (ascending ? 'ascending' : 'descending') + '.';
    });
  });
})();`;
