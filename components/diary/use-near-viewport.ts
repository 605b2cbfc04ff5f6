"use client";
// One IntersectionObserver for all of the grid's thumbnails: a cell learns when it comes within
// a screen of the viewport, and only then asks for its image. Choice: the browser's own
// loading="lazy" starts every image within ~1250 px (a third of a 144-segment day at once),
// which costs the first load ~0.8 MB and the server a burst of authenticated image requests.
import { useEffect, useState, type RefObject } from "react";

const MARGIN = "400px 0px";
let observer: IntersectionObserver | null = null;
const callbacks = new WeakMap<Element, () => void>();

function shared(): IntersectionObserver | null {
  if (typeof IntersectionObserver === "undefined") return null;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer?.unobserve(e.target);
        callbacks.get(e.target)?.();
        callbacks.delete(e.target);
      }
    },
    { rootMargin: MARGIN },
  );
  return observer;
}

/** True once the element has come near the viewport (and from then on). */
export function useNearViewport(ref: RefObject<Element | null>, enabled: boolean): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || near || !el) return;
    const io = shared();
    if (!io) {
      // no observer (very old browsers): load now
      const id = setTimeout(() => setNear(true), 0);
      return () => clearTimeout(id);
    }
    callbacks.set(el, () => setNear(true));
    io.observe(el);
    return () => {
      io.unobserve(el);
      callbacks.delete(el);
    };
  }, [ref, enabled, near]);
  return near;
}
