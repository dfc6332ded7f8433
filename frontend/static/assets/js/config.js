// Deployment settings of the reference website; the only file to edit when the pages are hosted elsewhere.
// apiBase: where the public API lives. "" means the same origin (the default Django setup). A static host on another
// origin sets e.g. "https://chm.example.org"; the API must then allow that origin (CORS).
// A <meta name="cbd-api-base" content="..."> in a page overrides it, for one-off deployments without editing JS.
export const config = {
  apiBase: "",
  pageSize: 10,
  // Search-as-you-type waits this long after the last keystroke, so a word typed quickly costs one request.
  debounceMs: 250,
};
