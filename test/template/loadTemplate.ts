/** The template loader lives with the build scripts (scripts/template/), which must not import from test/. */
export * from '../../scripts/template/loadTemplate.ts';
