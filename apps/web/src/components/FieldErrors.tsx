/** What is wrong with one field of a review, each message read out as it appears. */
export function FieldErrors({ messages }: { readonly messages: readonly string[] }) {
  return (
    <>
      {messages.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
    </>
  );
}
