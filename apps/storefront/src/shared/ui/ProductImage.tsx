import type { TargetedEvent } from 'preact';

/** Aisle pictures stand in for a product whose own picture is missing or fails to load. */
export const aisleImageUrl = (category: string): string => `/images/aisles/${encodeURIComponent(category)}.svg`;

interface ProductImageProps {
  readonly src: string;
  readonly category: string;
  readonly alt: string;
  /** Pictures above the fold load at once; the rest when scrolled near. */
  readonly eager?: boolean;
  readonly width?: number;
  readonly height?: number;
  readonly class?: string;
}

/** A product picture with its size known up front (no layout shift) and a fallback. */
export function ProductImage({ src, category, alt, eager = false, width = 320, height = 240, class: className = 'product-image' }: ProductImageProps) {
  const fallback = aisleImageUrl(category);
  const useFallback = (event: TargetedEvent<HTMLImageElement>) => {
    const image = event.currentTarget;
    if (!image.src.endsWith(fallback)) image.src = fallback;
  };
  return (
    <img
      class={className}
      src={src || fallback}
      alt={alt}
      width={width}
      height={height}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      onError={useFallback}
    />
  );
}
