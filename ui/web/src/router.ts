// Minimal client-side routing over the History API.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(url: string, replace = false) {
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

export function useUrl(): { path: string; params: URLSearchParams } {
  const [, setN] = useState(0);
  useEffect(() => {
    const l = () => setN((n) => n + 1);
    listeners.add(l);
    window.addEventListener('popstate', l);
    return () => { listeners.delete(l); window.removeEventListener('popstate', l); };
  }, []);
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

/** Same-origin links navigate without a page load. */
export function installLinkHandler() {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as HTMLElement).closest('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//')) return;
    e.preventDefault();
    navigate(href);
  });
}
