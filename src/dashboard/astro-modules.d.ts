// tsc reads .ts files only; a .ts module that imports a component (render-report.ts) sees it as what
// Astro compiles it to. (Astro's own checker, astro check, reads the .astro files themselves.)
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}
