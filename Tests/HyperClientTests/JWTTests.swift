import HyperJSON
import Testing
@testable import HyperClient

@Suite struct JWTTests {
    /// Computed independently with Python's hmac/base64 (see the comment in the test body).
    @Test func knownVector() {
        // python3 -c 'import hmac,hashlib,base64;b=lambda x:base64.urlsafe_b64encode(x).rstrip(b"=").decode();
        //   s=b(b"{\"alg\":\"HS256\",\"typ\":\"JWT\"}")+"."+b(b"{\"sub\":\"xmgta0num6j7n6un7aa6ouga26vqn784\",\"exp\":1651871921}");
        //   print(s+"."+b(hmac.new(b"secret-Value-123",s.encode(),hashlib.sha256).digest()))'
        let token = JWT.sign(sub: "xmgta0num6j7n6un7aa6ouga26vqn784", secret: "secret-Value-123", expires: 1_651_871_921)
        #expect(token == JWTTests.expected)
        let parts = token.split(separator: ".")
        #expect(parts[0] == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")   // {"alg":"HS256","typ":"JWT"}
    }

    static let expected = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4bWd0YTBudW02ajduNnVuN2FhNm91Z2EyNnZxbjc4NCIsImV4cCI6MTY1MTg3MTkyMX0.T9a6T2LeKs_jnwkLZm3oNu3KTo5afGnKpfqEz96xIdQ"

    @Test func roundTrip() throws {
        let token = JWT.sign(sub: "key", secret: "s3cret", expires: 2_000)
        let claims = try #require(JWT.verify(token, secret: "s3cret", now: 1_000))
        #expect(claims["sub"] == "key")
        #expect(claims["exp"] == 2_000)
        #expect(claims.objectValue?.count == 2)   // no iat
        #expect(JWT.verify(token, secret: "other", now: 1_000) == nil)
        #expect(JWT.verify(token, secret: "s3cret", now: 2_000) == nil)   // expired
        var tampered = Array(token)
        tampered[tampered.count - 2] = tampered[tampered.count - 2] == "A" ? "B" : "A"
        #expect(JWT.verify(String(tampered), secret: "s3cret", now: 1_000) == nil)
    }

    @Test func tokenIsCachedUntilShortlyBeforeExpiry() throws {
        let clock = TestClock(now: 10_000)
        let source = TokenSource(connection: try Connection.parse("http://k:s@h/d"), bearerToken: nil, clock: { clock.now })
        let first = try #require(source.token())
        #expect(JWT.verify(first, secret: "s", now: 10_000)?["exp"] == .number(JSONNumber(10_000 + 300)))
        clock.now = 10_000 + 300 - TokenSource.refreshMargin - 1
        #expect(source.token() == first)
        clock.now = 10_000 + 300 - TokenSource.refreshMargin
        let second = try #require(source.token())
        #expect(second != first)
        #expect(JWT.verify(second, secret: "s", now: clock.now) != nil)
    }

    @Test func noCredentialsNoToken() throws {
        #expect(TokenSource(connection: try Connection.parse("http://h/d"), bearerToken: nil).token() == nil)
        #expect(TokenSource(connection: try Connection.parse("http://k:s@h/d"), bearerToken: "raw.token").token() == "raw.token")
    }
}

final class TestClock: @unchecked Sendable {
    var now: Int
    init(now: Int) { self.now = now }
}
