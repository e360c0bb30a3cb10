// pinlab's start: it takes the place of go-app's goappInitWebAssembly, whose
// call pinlab's app.js leaves out (startup.go says why and what else
// changes). It is deferred after wasm_exec.js and app.js, whose Go class and
// goapp* functions it uses.
//
// The page is prerendered and readable at once. go-app's loader element
// (#app-wasm-loader) stays in the page until the app runs, styled by
// pinlab.css as a slim progress line; the controls the app drives are
// marked "starting…" while it is there.
(() => {
  "use strict";

  const loader = document.getElementById("app-wasm-loader");

  // The service worker installs once the app runs: its install downloads
  // every page and the wasm for offline use, which would otherwise compete
  // with the start for the network and the CPU.
  const registerWorker = () => goappInitServiceWorker();

  // A new version's worker takes control of this page when it activates
  // (clients.claim in app-worker.js). go-app notices an update only
  // through the registration it makes in goappInitServiceWorker, after
  // the app runs; the browser's own update check on navigation may find
  // the new worker before that, and the update banner would never show.
  if (navigator.serviceWorker?.controller) {
    navigator.serviceWorker.addEventListener("controllerchange", () => goappOnUpdate(), { once: true });
  }

  if (!goappCanLoadWebAssembly()) {
    loader?.remove();
    if (document.readyState === "complete") registerWorker();
    else addEventListener("load", registerWorker, { once: true });
    return;
  }

  // Where start.js fetches the wasm itself, when the page's compiler
  // worker could not (startearly.go).
  const wasmURL = new URL(goappGetenv("GOAPP_STATIC_RESOURCES_URL") + "/app.wasm", location.href).href;

  // The progress line moves through phases; pinlab.css animates each one
  // over a typical duration. Nothing reads the body to count bytes.
  const phase = (name) => {
    if (loader) loader.dataset.phase = name;
  };
  if (loader) {
    loader.setAttribute("role", "progressbar");
    loader.setAttribute("aria-label", "Starting pinlab");
  }
  // The body has arrived: the page marks it for the worker's request
  // (pinlab:wasm-received), and the browser records the timing of its own.
  const received = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === wasmURL || e.name === "pinlab:wasm-received")) {
      phase("compile");
      received.disconnect();
    }
  });

  // The module: compiled by the worker the page started first thing
  // (startearly.go, web/compile.js) while the page loaded, or, when that
  // failed or the page has no such script, fetched and compiled here.
  // Either way the body goes straight from the network, or the service
  // worker's cache, to the compiler, which compiles while it arrives; a
  // real response also lets the browser cache the compiled code.
  // Streaming needs the wasm media type, which some static hosts do not
  // send.
  async function compile() {
    if (self.pinlabWasm) {
      try {
        return await self.pinlabWasm;
      } catch (err) {
        console.warn("pinlab: compiling app.wasm in a worker failed, compiling it here:", err);
      }
    }
    const response = await fetch(wasmURL);
    if (!response.ok) {
      throw new Error(`${wasmURL}: HTTP ${response.status}`);
    }
    const type = response.headers.get("Content-Type") || "";
    return type.startsWith("application/wasm")
      ? WebAssembly.compileStreaming(response)
      : WebAssembly.compile(await response.arrayBuffer());
  }

  async function start() {
    phase("fetch");
    received.observe({ entryTypes: ["resource", "mark"] });
    if (performance.getEntriesByName("pinlab:wasm-received", "mark").length > 0) phase("compile");
    const go = new Go();
    const instance = await WebAssembly.instantiate(await compile(), go.importObject);
    received.disconnect();
    // go.run returns once Go waits for events: the app has rendered.
    go.run(instance);
    loader?.remove();
  }

  start()
    .catch((err) => {
      received.disconnect();
      phase("error");
      const label = document.getElementById("app-wasm-loader-label");
      if (label) {
        label.textContent = `pinlab could not start in this browser (${err}). The page can be read; its tools need the app.`;
      }
      console.error("pinlab: starting app.wasm failed:", err);
    })
    .finally(registerWorker);
})();
