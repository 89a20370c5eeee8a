/**
 * Stands in for Node's child_process in the main bundle (scripts/build.mjs aliases it here): the
 * kiosk's main process starts no other process. The packaged app cannot run as Node (the runAsNode
 * fuse), and updates are installed by the install helper, not by main. electron-updater's code
 * that would start one (running an installer on quit, checking an Authenticode signature with
 * PowerShell) is never reached with the kiosk's settings (updater.ts); were it ever, it fails
 * loudly here instead of starting a process.
 */
function refuse(): never {
  throw new Error("the kiosk's main process starts no other process (electron/main/no-child-process.ts)");
}

export const spawn = refuse;
export const spawnSync = refuse;
export const exec = refuse;
export const execSync = refuse;
export const execFile = refuse;
export const execFileSync = refuse;
export const fork = refuse;
export default { spawn, spawnSync, exec, execSync, execFile, execFileSync, fork };
