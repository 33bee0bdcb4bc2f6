/** Go Mart's mark: a basket in a rounded square. Decorative; the link around it says "Go Mart". */
export function LogoMark() {
  return (
    <svg class="logo-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#fff" />
      <path d="M8 11h16l-2 12H10z" fill="#0a7d36" />
      <circle cx="12" cy="26" r="2" fill="#0a7d36" />
      <circle cx="20" cy="26" r="2" fill="#0a7d36" />
      <path d="M11 11c0-4 2-6 5-6s5 2 5 6" stroke="#0a7d36" stroke-width="2" fill="none" />
    </svg>
  );
}
