// The big screen mounts here (/screen/:eventId).
export function ScreenRoute() {
  return <main className="placeholder">Big screen</main>;
}
