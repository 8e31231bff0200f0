export function RunnerPage() {
  return <div />;
}
