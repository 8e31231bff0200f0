// The organizer console mounts here (/console/*); it lives in client/src/console/.
import { ConsoleApp } from '../console/ConsoleApp';

export function ConsoleRoutes() {
  return <ConsoleApp />;
}
