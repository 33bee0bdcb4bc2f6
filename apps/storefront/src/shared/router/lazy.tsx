import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../ui/ErrorMessage';
import { SkeletonLines } from '../ui/Skeleton';

/**
 * A page whose code loads when first visited, so the first load carries only what browsing needs.
 * (Preact's own `lazy` lives in preact/compat, which this build does not include.)
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const start = () => {
    pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  function LazyPage(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<unknown>(undefined);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (component) return;
      let live = true;
      start().then(
        (value) => live && setComponent(() => value),
        (failure: unknown) => live && setError(failure),
      );
      return () => {
        live = false;
      };
    }, [attempt]);
    if (component) {
      const Page = component;
      return <Page {...props} />;
    }
    if (error !== undefined) {
      return (
        <ErrorMessage
          error={error}
          title="This page could not be loaded"
          retry={() => {
            setError(undefined);
            setAttempt((count) => count + 1);
          }}
        />
      );
    }
    return <SkeletonLines lines={4} label="Loading the page" />;
  }
  return LazyPage;
}
