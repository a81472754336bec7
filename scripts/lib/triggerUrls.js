/*
 * The production URLs of a workflow's triggers, as n8n serves them once the workflow is published: Feishu Group
 * Trigger (webhook path "webhook" under its webhookId), Webhook node (its path) and Form Trigger (its path).
 */
'use strict';

const FEISHU_TRIGGER = /\.feishuGroupTrigger$/;

/**
 * [{ node, kind: 'feishu' | 'webhook' | 'form', method, url }] for one workflow. `base` is n8n's webhook base URL
 * with a trailing slash (N8N_WEBHOOK_URL, or http://localhost:<port>/).
 */
function triggerUrls(workflow, base) {
	const out = [];
	for (const node of workflow.nodes || []) {
		if (node.disabled) continue;
		const p = node.parameters || {};
		if (FEISHU_TRIGGER.test(node.type)) {
			// Long Connection mode needs no URL.
			if (p.connection === 'longConnection' || !node.webhookId) continue;
			out.push({
				node: node.name,
				kind: 'feishu',
				method: 'POST',
				url: `${base}webhook/${node.webhookId}/webhook`,
			});
		} else if (node.type === 'n8n-nodes-base.webhook') {
			const hookPath = String(p.path || node.webhookId || '').replace(/^\/+/, '');
			out.push({
				node: node.name,
				kind: 'webhook',
				method: p.httpMethod || 'GET',
				url: `${base}webhook/${hookPath}`,
			});
		} else if (node.type === 'n8n-nodes-base.formTrigger') {
			const formPath = String((p.options && p.options.path) || node.webhookId || '').replace(
				/^\/+/,
				'',
			);
			out.push({ node: node.name, kind: 'form', method: 'GET', url: `${base}form/${formPath}` });
		}
	}
	return out;
}

module.exports = { triggerUrls };
