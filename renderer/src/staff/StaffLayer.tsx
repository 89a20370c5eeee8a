/** Placeholder for the staff badge-login layer (issue 4 mounts its UI here). */
export function StaffLayer() {
  return null;
}
