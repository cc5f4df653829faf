/**
 * Demo questions the pipeline currently gets wrong, and how. tests/pipeline/demoQuestions.test.ts runs
 * them with `it.failing` (so an entry flags itself once it is fixed); tests/pipeline/shownExamples.test.ts
 * keeps them out of every example the product shows.
 */

/** Demo questions whose decision, tables or readings are currently wrong, and how. */
export const DECISION_GAPS: Readonly<Record<string, string>> = {
  'top-products-by-units':
    'retrieval keeps catalog.products alone (order_items, which holds qty, is not joined); ranks by unit_price',
  'revenue-q2': 'declined: "revenue" does not reach online_orders / store_sales above the decline threshold',
  'orders-per-date': 'answered by order_date; the order date / ship date choice is not offered',
  'customer-issues-last-month':
    'clarifies opened_at vs closed_at of support_tickets; complaints are not offered as the other reading',
  'apple-stock-price': 'clarifies catalog.products launch/discontinued date instead of declining',
  'online-sales-by-month-last-year': 'clarifies instead of answering from the online orders',
};

/** Answerable demo questions whose rows currently differ from the reference query, and how. */
export const REFERENCE_GAPS: Readonly<Record<string, string>> = {
  'top-products-by-units': 'see DECISION_GAPS',
  'online-sales-by-month-last-year': 'see DECISION_GAPS',
};
