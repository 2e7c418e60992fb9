import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, useState } from 'react';
import { errorMessage, errorStatus, fieldError } from '../../lib';

/**
 * The buttons of a dialog that acts: dismiss, and confirm with a spinner while the
 * action runs (both disabled meanwhile).
 */
export const DialogButtons = ({
  busy,
  dismissLabel = 'Cancel',
  onDismiss,
  confirmLabel,
  onConfirm,
  destructive,
}: {
  busy: boolean;
  dismissLabel?: string;
  onDismiss: () => void;
  confirmLabel: ReactNode;
  onConfirm: () => void;
  destructive?: boolean;
}) => (
  <DialogActions>
    <Button onClick={onDismiss} disabled={busy}>
      {dismissLabel}
    </Button>
    <Button
      onClick={onConfirm}
      color={destructive ? 'secondary' : 'primary'}
      variant="contained"
      disabled={busy}
      startIcon={busy ? <CircularProgress size={16} /> : undefined}
    >
      {confirmLabel}
    </Button>
  </DialogActions>
);

/** What an {@link ActionDialog} asks and does. */
export type ActionDialogProps = {
  open: boolean;
  title: string;
  description?: ReactNode;
  /** A comment or reason to type; absent for a plain confirmation. */
  field?: {
    /** The name the server uses for it in 400 messages (`comment`, `reason`). */
    name: string;
    label: string;
    required?: boolean;
    helperText?: string;
    /** What to say when a required field is left empty, e.g. "Say why you reject it". */
    requiredMessage?: string;
  };
  confirmLabel: string;
  /** The label of the button that closes the dialog without acting (default "Cancel"). */
  dismissLabel?: string;
  /** Colours the confirm button as a destructive action. */
  destructive?: boolean;
  onConfirm: (text: string) => Promise<unknown>;
  onClose: () => void;
  /** Called after `onConfirm` succeeded and the dialog closed. */
  onDone?: () => void;
  /**
   * What to tell the user once the action succeeded, as a toast, e.g. "Approved Priya
   * Shah's request for System Admin"; given the action's answer.
   */
  doneMessage?: string | ((result: any) => string);
};

/**
 * A confirmation dialog, optionally with a comment: shows progress while the action runs
 * and the server's message when it fails (on the field, when the message names it).
 */
export const ActionDialog = (props: ActionDialogProps) => {
  const { open, title, description, field, confirmLabel, destructive } = props;
  const alertApi = useApi(alertApiRef);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [touched, setTouched] = useState(false);

  const missing = Boolean(field?.required && !text.trim());
  const serverFieldError = field ? fieldError(error, [field.name]) : undefined;

  const close = () => {
    if (busy) return;
    setText('');
    setError(undefined);
    setTouched(false);
    props.onClose();
  };

  const confirm = async () => {
    setTouched(true);
    if (missing) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await props.onConfirm(text.trim());
      setBusy(false);
      setText('');
      setTouched(false);
      props.onClose();
      props.onDone?.();
      const { doneMessage } = props;
      if (doneMessage) {
        alertApi.post({
          message:
            typeof doneMessage === 'function'
              ? doneMessage(result)
              : doneMessage,
          severity: 'success',
          display: 'transient',
        });
      }
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };

  let fieldHelp = field?.helperText;
  if (serverFieldError) {
    fieldHelp = serverFieldError.message;
  } else if (touched && missing) {
    fieldHelp = field?.requiredMessage ?? `Fill in ${field?.label}`;
  }

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {description && <DialogContentText>{description}</DialogContentText>}
        {field && (
          <TextField
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            margin="dense"
            id="access-action-text"
            label={field.label}
            required={field.required}
            value={text}
            onChange={e => setText(e.target.value)}
            error={Boolean(serverFieldError) || (touched && missing)}
            helperText={fieldHelp}
            disabled={busy}
          />
        )}
        {error !== undefined && !serverFieldError && (
          <Alert severity="error" role="alert">
            {errorStatus(error) === 403 ? 'Not allowed: ' : ''}
            {errorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogButtons
        busy={busy}
        dismissLabel={props.dismissLabel}
        onDismiss={close}
        confirmLabel={confirmLabel}
        onConfirm={confirm}
        destructive={destructive}
      />
    </Dialog>
  );
};
