import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

/**
 * Run when n8n registers the callback URL (activation, or "Listen for test event"). Without a
 * Verification Token anyone who finds the URL could start the workflow with made-up events, so HTTP
 * callback mode does not start at all; webhook() refuses such requests too, should the token be
 * removed from the credential later.
 */
export async function assertCallbackCanAuthenticate(ctx: IHookFunctions): Promise<void> {
	if (ctx.getNodeParameter('connection', 'callback') === 'longConnection') return;
	const credentials = await ctx.getCredentials('feishuApi');
	if (String(credentials.verificationToken ?? '').trim() !== '') return;
	throw new NodeOperationError(
		ctx.getNode(),
		'HTTP callback mode needs the Verification Token in the Feishu credential',
		{
			description:
				'Copy the Verification Token (and preferably the Encrypt Key) from the Feishu developer console → Events & Callbacks → Encryption Strategy into the credential. Without it anyone who finds the webhook URL could start this workflow.',
		},
	);
}
