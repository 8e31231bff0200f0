// The announcer's view mounts here (/speaker/:eventId).
export function SpeakerRoute() {
  return <main className="placeholder">Speaker</main>;
}
