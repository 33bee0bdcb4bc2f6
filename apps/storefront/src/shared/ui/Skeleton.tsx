/** Grey shapes where content is loading, so the page does not jump when it arrives. */
export function SkeletonGrid({ count = 8, label = 'Loading products' }: { readonly count?: number; readonly label?: string }) {
  return (
    <div role="status" aria-live="polite">
      <span class="visually-hidden">{label}…</span>
      <ul class="product-grid" aria-hidden="true">
        {Array.from({ length: count }, (_, index) => (
          <li key={index} class="skeleton skeleton-card" />
        ))}
      </ul>
    </div>
  );
}

export function SkeletonLines({ lines = 3, label = 'Loading' }: { readonly lines?: number; readonly label?: string }) {
  return (
    <div role="status" aria-live="polite">
      <span class="visually-hidden">{label}…</span>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} class="skeleton skeleton-line" style={{ width: `${90 - index * 15}%` }} aria-hidden="true" />
      ))}
    </div>
  );
}
