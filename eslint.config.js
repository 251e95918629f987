// @ts-check
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The syntactic `recommended` sets, not the type-checked ones: tsc already runs in `npm test`
// (turbo run typecheck), and type-aware linting would build every package's program a second time.
export default tseslint.config(
  {
    // ESLint does not read .gitignore; build output, caches and local data are listed here.
    ignores: [
      "**/node_modules/",
      "**/.next*/",
      "**/.turbo/",
      "**/dist/",
      "**/coverage/",
      "**/test-artifacts/",
      "data/",
      "**/next-env.d.ts",
      "apps/web/src/graphql-env.d.ts",
    ],
  },
  {
    files: ["**/*.{ts,tsx,mts,js,mjs,cjs}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // A leading underscore marks a binding kept on purpose (a destructured field left out of a copy,
      // a parameter a callback signature requires).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // CommonJS by its extension (dependency-cruiser's config): `require` is how it imports.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The app's own code; the browser tests are not React, and their `useE2e` is a fixture, not a hook.
    files: ["apps/web/**/*.{ts,tsx}"],
    ignores: ["apps/web/test/**"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    // The two classic hook rules only. The plugin's `recommended` set also holds the React Compiler's
    // rules (refs, set-state-in-effect, …), which judge code by what the compiler can memoise; the app
    // is not built with the compiler, so they would flag working code.
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
);
