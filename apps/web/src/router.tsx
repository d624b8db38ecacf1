import { type MouseEvent, type ReactNode, useEffect, useState } from "react";

/** A minimal history router: paths are real URLs, so reload and links work (the server falls back). */
export function navigate(to: string, state: unknown = null): void {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(state, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function readLocation() {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return location;
}

export function Link(props: {
  to: string;
  children: ReactNode;
  className?: string;
  "aria-current"?: "page";
}) {
  const { to, children, ...rest } = props;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
