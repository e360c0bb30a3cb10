// pinlab's compiler worker, started first thing by each page (earlyScript
// in startearly.go). It downloads app.wasm and compiles it while the page
// is still being parsed and laid out: streaming compilation hands every
// chunk of the body to the compiler on the thread that reads it, and here
// that is this worker's thread, not the page's, which is busy showing the
// page. It starts as soon as it runs, without waiting for a message from
// the page, whose main thread would have to pass it on: app.wasm sits
// beside this script. The compiled module goes back to the page, which
// instantiates it (web/start.js). Messages to the page, in this order:
//   { timing }  the request's start and end, once the body has arrived
//   { module }  the compiled WebAssembly.Module
//   { error }   why it could not be downloaded or compiled
"use strict";

(async () => {
  const url = new URL("app.wasm", self.location.href).href;
  // The request's timing, on the page's clock: this worker's starts later.
  let timed = false;
  const postTiming = (entry) => {
    if (timed || !entry) return;
    timed = true;
    self.postMessage({
      timing: {
        requested: performance.timeOrigin + entry.startTime,
        received: performance.timeOrigin + entry.responseEnd,
      },
    });
  };
  // The browser records a request's timing once its body has arrived: the
  // page's progress line moves on to "compiling" then.
  const arrived = new PerformanceObserver((list) => postTiming(list.getEntriesByName(url).at(-1)));
  arrived.observe({ type: "resource", buffered: true });
  try {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    // Streaming needs the wasm media type, which some static hosts do
    // not send. A real response also lets the browser cache the code.
    const type = response.headers.get("Content-Type") || "";
    const module = type.startsWith("application/wasm")
      ? await WebAssembly.compileStreaming(response)
      : await WebAssembly.compile(await response.arrayBuffer());
    postTiming(performance.getEntriesByName(url).at(-1));
    self.postMessage({ module });
  } catch (err) {
    self.postMessage({ error: String(err) });
  } finally {
    arrived.disconnect();
    self.close();
  }
})();
