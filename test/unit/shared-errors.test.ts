import { describeFeishuError, feishuApiError, TOKEN_ERROR_CODES } from '../../nodes/shared/errors';
import type { INode } from 'n8n-workflow';

const node = { name: 'Feishu Group', type: 'n8n-nodes-feishu-group.feishuGroup' } as INode;
const context = { method: 'GET', path: '/open-apis/im/v1/chats/oc_x', httpStatus: 400 };

describe('Feishu error mapping', () => {
	it('names the code and message, and says what to do for a bot outside the chat', () => {
		const error = feishuApiError(
			node,
			{
				code: 232011,
				msg: 'Operator can NOT be out of the chat.',
				error: {
					log_id: '20240726LOG',
					troubleshooter: 'https://open.feishu.cn/search?log_id=20240726LOG',
				},
			},
			{ ...context, itemIndex: 3 },
		);
		expect(error.message).toBe('Feishu error 232011: Operator can NOT be out of the chat.');
		expect(error.description).toContain("Add the app's bot to the chat first");
		expect(error.description).toContain('Log ID: 20240726LOG');
		expect(error.description).toContain('https://open.feishu.cn/search?log_id=20240726LOG');
		expect(error.description).toContain('Request: GET /open-apis/im/v1/chats/oc_x');
		expect(error.httpCode).toBe('400');
		expect(error.context.feishu).toEqual({
			code: 232011,
			msg: 'Operator can NOT be out of the chat.',
			logId: '20240726LOG',
		});
		expect(error.context.itemIndex).toBe(3);
	});

	it('lists the scopes to grant from permission_violations, in either spelling', () => {
		const fromScope = describeFeishuError(
			{
				code: 99991672,
				msg: 'Access denied',
				error: { permission_violations: [{ scope: 'im:chat' }, { scope: 'im:chat:readonly' }] },
			},
			context,
		);
		expect(fromScope).toContain('Scopes (any one): im:chat, im:chat:readonly');
		const fromSubject = describeFeishuError(
			{
				code: 99991679,
				msg: 'Unauthorized',
				error: {
					permission_violations: [{ subject: 'im:chat', type: 'action_privilege_required' }],
				},
			},
			context,
		);
		expect(fromSubject).toContain('Scopes (any one): im:chat');
	});

	it('falls back to the endpoint scopes and the X-Tt-Logid header', () => {
		const text = describeFeishuError(
			{ code: 99991672, msg: 'Access denied' },
			{ ...context, scopes: ['im:chat', 'im:chat:read'], headerLogId: 'HDRLOG' },
		);
		expect(text).toContain('Scopes (any one): im:chat, im:chat:read');
		expect(text).toContain('Log ID: HDRLOG');
	});

	it('explains the docx announcement error', () => {
		expect(
			describeFeishuError(
				{ code: 232097, msg: 'Unable to operate docx type chat announcement.' },
				context,
			),
		).toContain('/open-apis/docx/v1/chats/{chat_id}/announcement');
	});

	it('lists field violations', () => {
		const text = describeFeishuError(
			{
				code: 232001,
				msg: 'invalid param',
				error: { field_violations: [{ field: 'page_size', value: '500', description: 'max 100' }] },
			},
			context,
		);
		expect(text).toContain('Field page_size = 500: max 100');
	});

	it('treats every documented token error as refreshable', () => {
		for (const code of [99991661, 99991663, 99991664, 99991665, 99991668, 99991671, 99991677]) {
			expect(TOKEN_ERROR_CODES.has(code)).toBe(true);
		}
	});
});
