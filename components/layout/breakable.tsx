/** Text that may break after `.`, `/`, `,` and `:` (a word-break opportunity each), as long API names need. */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[./,:])/);
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}
