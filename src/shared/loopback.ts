// This machine's loopback address: what host-side code dials, and what the views leave implied. In shared/ so the
// core and the presenters (webviews included) name the same one.
export const LOOPBACK = '127.0.0.1';
