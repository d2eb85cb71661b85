import type { ComponentChildren } from 'preact';

/** A modal asking to confirm one action; the confirm button is off while `problem` says what is wrong. */
export function ConfirmDialog(props: { title: string; confirmLabel: string; danger?: boolean; problem?: string; busy?: boolean; onConfirm: () => void; onCancel: () => void; children?: ComponentChildren }) {
  return (
    <div class="backdrop" role="dialog" aria-label={props.title} onClick={(e) => e.target === e.currentTarget && props.onCancel()}>
      <form
        class="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.problem && !props.busy) props.onConfirm();
        }}
      >
        <h2>{props.title}</h2>
        {props.children}
        {props.problem ? <p class="problem">{props.problem}</p> : null}
        <div class="dialog-buttons">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class={props.danger ? 'danger' : 'primary'} disabled={!!props.problem || props.busy}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
