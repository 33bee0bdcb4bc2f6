import type { AnchorHTMLAttributes, TargetedMouseEvent } from 'preact';
import { isBrowserClick, navigate } from './router';

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { readonly href: string };

/** An ordinary link (it works with a middle click, a new tab, a screen reader) that navigates in place. */
export function Link({ onClick, ...props }: LinkProps) {
  const follow = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === 'function') onClick(event);
    if (isBrowserClick(event, event.currentTarget)) return;
    event.preventDefault();
    navigate(event.currentTarget.href);
  };
  return <a {...props} onClick={follow} />;
}
