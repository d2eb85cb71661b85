export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const empty = value === null || value === undefined;
  return (
    <section class="json-block">
      <h3>{label}</h3>
      {empty ? <p class="muted">(none)</p> : <pre data-testid={`json-${label.toLowerCase().replace(/\s+/g, '-')}`}>{JSON.stringify(value, null, 2)}</pre>}
    </section>
  );
}
