// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IRswETH, IRswEXIT} from "../interfaces/protocols/ISwell.sol";
import {SimProtocolBase} from "./SimProtocolBase.sol";
import {SimErrorsLib} from "./SimErrorsLib.sol";

/// @title SimRswETH
/// @notice Simulated Swell rswETH: the token and its deposit entry point; holds the protocol's ETH.
contract SimRswETH is IRswETH, ERC20, SimProtocolBase, ReentrancyGuard {
    /// @notice The exit queue allowed to settle withdrawals (set once).
    address public exitQueue;

    /// @notice ETH deposited for rswETH.
    event ETHDeposited(address indexed from, uint256 amount, uint256 minted);
    /// @notice The exit queue was wired.
    event ExitQueueSet(address exitQueue);

    /// @param owner_ Scenario admin.
    /// @param initialRate ETH per rswETH at start (1e18).
    /// @param initialAprBps Initial APR in bps.
    constructor(address owner_, uint256 initialRate, uint256 initialAprBps)
        ERC20("rswETH", "rswETH")
        SimProtocolBase(owner_, initialRate, initialAprBps, 12 days)
    {}

    /// @notice Wires the exit queue; callable once.
    function setExitQueue(address exitQueue_) external onlyOwner {
        if (exitQueue != address(0)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        exitQueue = exitQueue_;
        emit ExitQueueSet(exitQueue_);
    }


    /// @inheritdoc IRswETH
    function deposit() external payable nonReentrant {
        _checkLive();
        if (msg.value == 0) revert SimErrorsLib.ZeroAmount();
        uint256 minted = _mintsZero() ? 0 : _tokensFor(msg.value, accruedRate());
        _mint(msg.sender, minted);
        emit ETHDeposited(msg.sender, msg.value, minted);
    }

    /// @inheritdoc IRswETH
    function getRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @inheritdoc IRswETH
    function rswETHToETHRate() external view returns (uint256) {
        return _liveRate();
    }

    /// @inheritdoc IRswETH
    function ethToRswETHRate() external view returns (uint256) {
        uint256 rate = _liveRate();
        return rate == 0 ? 0 : Math.mulDiv(WAD, WAD, rate, Math.Rounding.Floor);
    }

    /// @notice Burns `rswAmount` held by the exit queue and sends it `ethAmount`; only the exit queue.
    function settleExit(uint256 rswAmount, uint256 ethAmount) external nonReentrant {
        if (msg.sender != exitQueue) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
        _burn(msg.sender, rswAmount);
        _sendEther(msg.sender, ethAmount);
    }
}

/// @title SimRswEXIT
/// @notice Simulated Swell rswEXIT: one ERC-721 per withdraw request. Mainnet processes requests in batches by
/// an operator; the sim processes each `withdrawalDelay` (token setting) seconds after the request. Pays
/// min(value at request, value at processing) in ETH to the NFT owner.
contract SimRswEXIT is IRswEXIT, ERC721, ReentrancyGuard {
    struct Request {
        uint256 amount;
        uint256 rateWhenCreated;
        uint256 createdAt;
    }

    /// @notice The rswETH token.
    SimRswETH public immutable rswETH;
    uint256 private _lastTokenIdCreated;
    mapping(uint256 => Request) private _requests;

    /// @notice A request was created.
    event WithdrawRequestCreated(uint256 indexed tokenId, uint256 amount, uint256 rateWhenCreated, address indexed owner);
    /// @notice A request was finalised.
    event WithdrawalClaimed(address indexed owner, uint256 indexed tokenId, uint256 exitClaimedETH);

    /// @param rswETH_ The simulated rswETH token.
    constructor(SimRswETH rswETH_) ERC721("rswETH Exit Queue", "rswETH-EXIT") {
        rswETH = rswETH_;
    }

    /// @notice Accepts ETH from the token contract only (settlements).
    receive() external payable {
        if (msg.sender != address(rswETH)) revert SimErrorsLib.UnauthorizedCaller(msg.sender);
    }

    /// @inheritdoc IRswEXIT
    function createWithdrawRequest(uint256 amount) external nonReentrant {
        rswETH.requireLive();
        if (amount == 0) revert SimErrorsLib.ZeroAmount();
        uint256 tokenId = ++_lastTokenIdCreated;
        uint256 rate = rswETH.accruedRate();
        _requests[tokenId] = Request(amount, rate, block.timestamp);
        emit WithdrawRequestCreated(tokenId, amount, rate, msg.sender);
        SafeERC20.safeTransferFrom(IERC20(address(rswETH)), msg.sender, address(this), amount);
        _safeMint(msg.sender, tokenId);
    }

    /// @inheritdoc IRswEXIT
    function finalizeWithdrawal(uint256 tokenId) external nonReentrant {
        rswETH.requireLive();
        if (ownerOf(tokenId) != msg.sender) revert SimErrorsLib.NotRequestOwner(tokenId, msg.sender);
        Request memory r = _requests[tokenId];
        uint256 claimableAt = r.createdAt + rswETH.withdrawalDelay();
        if (block.timestamp < claimableAt) revert SimErrorsLib.NotYetClaimable(tokenId, claimableAt);
        uint256 rate = Math.min(r.rateWhenCreated, rswETH.accruedRate());
        uint256 paid = Math.mulDiv(r.amount, rate, 1e18, Math.Rounding.Floor);
        delete _requests[tokenId];
        _burn(tokenId);
        emit WithdrawalClaimed(msg.sender, tokenId, paid);
        rswETH.settleExit(r.amount, paid);
        (bool ok,) = msg.sender.call{value: paid}("");
        if (!ok) revert SimErrorsLib.EtherTransferFailed(msg.sender, paid);
    }

    /// @notice Id of the last request created (the mainnet view's name).
    function getLastTokenIdCreated() external view returns (uint256) {
        return _lastTokenIdCreated;
    }
}
