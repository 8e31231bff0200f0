// Every page of a rehearsal says so: a past race or a results file played again, not a live race.
export function RehearsalBanner({ rehearsal, label }: { rehearsal?: boolean; label: string }) {
  if (!rehearsal) return null;
  return (
    <div className="rehearsal-banner" role="status" data-testid="rehearsal-banner">
      {label}
    </div>
  );
}
