/**
 * electron-builder's own config loader, schema validator and file filter, reached through the
 * electron-builder devDependency, so that the packaging tests judge electron-builder.yml exactly
 * as `npx electron-builder` would on the build machine (without building anything here).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const fromHere = createRequire(import.meta.url);
const fromBuilder = createRequire(fromHere.resolve('electron-builder'));
const fromBuilderLib = createRequire(fromBuilder.resolve('app-builder-lib/out/util/filter'));

/** The parts of electron-builder's Configuration that the tests read. */
export interface BuilderConfig {
  appId?: string;
  productName?: string;
  executableName?: string;
  files?: (string | { from?: string; filter?: string[] })[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  directories?: { output?: string };
  win?: { target?: { target: string; arch?: string[] }[] };
  nsis?: Record<string, unknown>;
  linux?: { target?: { target: string; arch?: string[] }[]; maintainer?: string };
  publish?: { provider: string; url?: string; channel?: string }[];
  [key: string]: unknown;
}

const configModule = fromBuilder('app-builder-lib/out/util/config/config') as {
  getConfig: (projectDir: string, configPath: string | null, configFromOptions: null) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/** A definition of electron-builder's own JSON schema (scheme.json), e.g. FuseOptionsV1. */
export function builderSchemaDefinition(name: string): { properties?: Record<string, unknown> } {
  const schema = fromBuilderLib('../../scheme.json') as { definitions: Record<string, { properties?: Record<string, unknown> }> };
  const definition = schema.definitions[name];
  if (!definition) throw new Error(`electron-builder's schema has no ${name}`);
  return definition;
}

/** Loads electron-builder.yml as electron-builder does (merged with package.json's "build", if any). */
export const loadBuilderConfig = () => configModule.getConfig(repoRoot, null, null);

/** Throws electron-builder's own error when the config breaks its schema. */
export const validateBuilderConfig = (config: BuilderConfig) => configModule.validateConfiguration(config, new DebugLogger(false));

interface MinimatchPattern {
  negate: boolean;
  match: (path: string, partial?: boolean) => boolean;
}
const { Minimatch } = fromBuilderLib('minimatch') as { Minimatch: new (pattern: string, options: object) => MinimatchPattern };
const { createFilter } = fromBuilderLib('./filter') as {
  createFilter: (src: string, patterns: MinimatchPattern[], exclude?: MinimatchPattern[]) => (file: string, stat: object) => boolean;
};

const fileStat = { isDirectory: () => false };

/**
 * Whether electron-builder would put a project file into the app, by the `files` patterns.
 * Files of node_modules follow its rule for dependencies: only the exclusions (`!…`) apply.
 */
export function isPackaged(config: BuilderConfig, relativePath: string): boolean {
  const patterns = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));
  const forNodeModules = relativePath.startsWith('node_modules/');
  const chosen = forNodeModules ? ['**/*', ...patterns.filter((pattern) => pattern.startsWith('!'))] : patterns;
  const filter = createFilter('/app', chosen.map((pattern) => new Minimatch(pattern, { dot: true })));
  return filter(`/app/${relativePath}`, fileStat);
}

/** Whether a packaged file is unpacked next to the asar archive (native modules must be). */
export function isUnpacked(config: BuilderConfig, relativePath: string): boolean {
  return (config.asarUnpack ?? []).some((pattern) => new Minimatch(pattern, { dot: true }).match(relativePath));
}
