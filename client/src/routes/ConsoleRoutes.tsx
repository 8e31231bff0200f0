// The organizer console mounts here (/console/*).
export function ConsoleRoutes() {
  return <main className="placeholder">Organizer console</main>;
}
