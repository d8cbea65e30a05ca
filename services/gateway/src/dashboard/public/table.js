/* global document */
/**
 * Fills a table's body from rows and column definitions, with textContent only (no HTML from the
 * API ever reaches the page as markup), and shows the "empty" note after the table when there
 * are no rows.
 *
 * @template T
 * @param {HTMLTableElement} table
 * @param {T[]} rows
 * @param {{ text: (row: T) => string, className?: (row: T) => string, badge?: boolean, full?: boolean }[]} columns
 *   `full`: the cell may be cut short by the layout, so its whole text is also its tooltip
 * @param {(row: T) => Record<string, string>} rowData data-* attributes of each row
 */
export function renderTable(table, rows, columns, rowData) {
  const body = table.tBodies[0];
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      Object.assign(tr.dataset, rowData(row));
      for (const column of columns) {
        const td = document.createElement('td');
        const className = column.className?.(row);
        if (className) td.className = className;
        const text = column.text(row);
        if (column.full) td.title = text;
        if (column.badge) {
          const badge = document.createElement('span');
          badge.className = 'badge';
          badge.dataset.status = text;
          badge.textContent = text;
          td.append(badge);
        } else {
          td.textContent = text;
        }
        tr.append(td);
      }
      return tr;
    }),
  );
  const empty = table.nextElementSibling;
  if (empty?.classList.contains('empty')) empty.hidden = rows.length > 0;
  table.hidden = rows.length === 0;
}
